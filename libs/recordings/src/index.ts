export * from './recording-files';
export * from './wav';
export * from './retention-sweep';
