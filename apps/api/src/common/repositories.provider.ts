import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import * as database from '../../../../libs/db/src';

const REPOSITORIES: (new (db: DataSource) => object)[] = [
  database.ApiKeyRepository,
  database.CallAnalyses,
  database.CallAttempts,
  database.CallRecordingRepository,
  database.CallRepository,
  database.CampaignRepository,
  database.ContactQueue,
  database.ContactRepository,
  database.DashboardRepository,
  database.DncRepository,
  database.HealthRepository,
  database.OrganizationDialLimits,
  database.ReanalysisRepository,
  database.ScriptRepository,
  database.UserRepository,
  database.WebhookRepository,
];

/** Each repository over the API's one DataSource, injected by its class. */
export const REPOSITORY_PROVIDERS: Provider[] = REPOSITORIES.map((repository) => ({
  provide: repository,
  inject: [DataSource],
  useFactory: (db: DataSource) => new repository(db),
}));
