export * from './app.config';
export * from './temporal-connection';
