import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '../../../libs/config/src';
import { StructuredLogger } from '../../../libs/observability/src';
import { AppModule } from './app.module';
import { configureHttpApp } from './http-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const logger = new StructuredLogger(config.logging);
  const app = configureHttpApp(await NestFactory.create(AppModule, { forceCloseConnections: true, logger }));
  app.enableShutdownHooks();
  await app.listen(config.port);
  // The one start-up line at info: Nest's per-module and per-route lines are written at debug.
  logger.log(`API listening on ${await app.getUrl()}${config.metrics.enabled ? ', metrics at /metrics' : ''}`, 'Api');
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
