export * from './stt-error';
export * from './stt-engine';
