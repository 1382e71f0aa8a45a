export * from './active-calls';
export * from './log-context';
export * from './logger';
export * from './metrics';
export * from './metrics-server';
export * from './recent-keys';
export * from './temporal-logger';
export * from './readiness';
