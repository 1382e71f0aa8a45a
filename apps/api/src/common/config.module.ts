import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, appConfigProvider } from './app-config.provider';

/** The validated configuration, loaded once per process. */
@Global()
@Module({ providers: [appConfigProvider], exports: [APP_CONFIG] })
export class ConfigModule {}
