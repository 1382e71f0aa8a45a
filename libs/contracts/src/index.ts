export * from './domain';
export * from './ids';
export * from './call-settings';
export * from './engine';
export * from './failures';
export * from './messages';
export * from './search-attributes';
export * from './webhooks';
