export * from './script-template';
export * from './agi-conversation.handler';
export * from './understanding';
export * from './conversation-engine';
export * from './analysis';
export * from './language';
export * from './recording-consent';
export * from './reanalysis';
