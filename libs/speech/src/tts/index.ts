export * from './tts-engine';
export * from './tts-error';
export * from './espeak-tts.engine';
export * from './telnyx-tts.engine';
export * from './openai-tts.engine';
export * from './fallback-tts.engine';
export * from './audio.server';
