import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { AppConfig } from '../../../libs/config/src';
import { AppModule } from './app.module';
import { APP_CONFIG } from './common/app-config.provider';
import { configureHttpApp } from './http-app';

async function bootstrap(): Promise<void> {
  const app = configureHttpApp(await NestFactory.create(AppModule, { forceCloseConnections: true }));
  app.enableShutdownHooks();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.port);
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
