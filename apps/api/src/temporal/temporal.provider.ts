import { Client, Connection } from '@temporalio/client';
import { type AppConfig, temporalConnectionOptions } from '../../../../libs/config/src';
import { APP_CONFIG } from '../common/app-config.provider';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

/** Connects lazily: the API serves reads while Temporal is down, and readiness reports it. */
export const temporalClientProvider = {
  provide: TEMPORAL_CLIENT,
  inject: [APP_CONFIG],
  useFactory: async (config: AppConfig): Promise<Client> => {
    // gRPC's reconnect backoff grows to 2 minutes during an outage; capped, the API is back within seconds of Temporal.
    const connection = Connection.lazy({ ...temporalConnectionOptions(config.temporal), channelArgs: { 'grpc.max_reconnect_backoff_ms': 5_000 } });
    return new Client({ connection, namespace: config.temporal.namespace });
  },
};
