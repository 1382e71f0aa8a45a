export * from './agi-session';
export * from './fastagi.server';
