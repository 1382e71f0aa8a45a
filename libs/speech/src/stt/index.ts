export * from './stt-error';
export * from './stt-engine';
export * from './intent-grammar';
export * from './pocketsphinx-stt';
export * from './telnyx-stt';
