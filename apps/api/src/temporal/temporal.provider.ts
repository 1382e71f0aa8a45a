import { Client, Connection } from '@temporalio/client';
import { type AppConfig, temporalConnectionOptions } from '../../../../libs/config/src';
import { APP_CONFIG } from '../common/app-config.provider';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

/** Connects lazily: the API serves reads while Temporal is down, and readiness reports it. */
export const temporalClientProvider = {
  provide: TEMPORAL_CLIENT,
  inject: [APP_CONFIG],
  useFactory: async (config: AppConfig): Promise<Client> => {
    const connection = Connection.lazy(temporalConnectionOptions(config.temporal));
    return new Client({ connection, namespace: config.temporal.namespace });
  },
};
