import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ApiKeyRepository,
  CallRepository,
  ContactRepository,
  DashboardRepository,
  DncRepository,
  HealthRepository,
  type Queryable,
  ScriptRepository,
  UserRepository,
} from '../../../../libs/db/src';

const REPOSITORIES: (new (db: Queryable) => object)[] = [
  ApiKeyRepository,
  CallRepository,
  ContactRepository,
  DashboardRepository,
  DncRepository,
  HealthRepository,
  ScriptRepository,
  UserRepository,
];

/** Each repository over the API's one DataSource, injected by its class. */
export const REPOSITORY_PROVIDERS: Provider[] = REPOSITORIES.map((repository) => ({
  provide: repository,
  inject: [DataSource],
  useFactory: (db: DataSource) => new repository(db),
}));
