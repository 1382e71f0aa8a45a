export * from './script-template';
export * from './agi-conversation.handler';
