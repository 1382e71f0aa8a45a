export * from './tts-engine';
export * from './espeak-tts.engine';
export * from './audio.server';
