export * from './campaign-launcher';
export * from './launch-schedule';
export * from './wall-clock';
