import { type AppConfig, loadConfig } from '../../../../libs/config/src';

export const APP_CONFIG = Symbol('APP_CONFIG');

export const appConfigProvider = { provide: APP_CONFIG, useFactory: (): AppConfig => loadConfig() };
