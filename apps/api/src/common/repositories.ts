import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CallAttempts, CampaignRepository, ContactQueue, DncRepository } from '../../../../libs/db/src';

type RepositoryClass = new (db: DataSource) => object;

/** Each repository of libs/db as a provider over the API's one DataSource. */
export function repositoryProviders(classes: RepositoryClass[]): Provider[] {
  return classes.map((repository) => ({ provide: repository, inject: [getDataSourceToken()], useFactory: (db: DataSource) => new repository(db) }));
}

export const REPOSITORIES = repositoryProviders([CampaignRepository, CallAttempts, ContactQueue, DncRepository]);
