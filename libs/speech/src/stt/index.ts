export * from './stt-error';
export * from './stt-engine';
export * from './telnyx-stt';
