export * from './domain';
export * from './ids';
