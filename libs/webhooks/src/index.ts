export * from './signature';
export * from './webhook-dispatcher';
export * from './webhook-sender';
