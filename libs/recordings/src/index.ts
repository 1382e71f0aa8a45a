export * from './recording-files';
export * from './wav';
