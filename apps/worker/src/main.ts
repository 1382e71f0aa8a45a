import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '../../../libs/config/src';
import { StructuredLogger, TemporalLogger } from '../../../libs/observability/src';
import { DialerWorker } from './dialer-worker';
import { WorkerModule } from './worker.module';
import { installTemporalRuntime } from './worker-observability';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const logger = new StructuredLogger(config.logging);
  // Before the worker connects: the SDK's runtime is fixed by its first connection.
  installTemporalRuntime(config, new TemporalLogger(logger));
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger });
  app.enableShutdownHooks();
  // A worker that stops polling must not linger as a healthy-looking process.
  await app.get(DialerWorker).whenStopped();
  await app.close();
}

bootstrap().catch((error: unknown) => {
  new Logger('worker').error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
