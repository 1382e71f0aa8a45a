import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DialerWorker } from './dialer-worker';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule);
  app.enableShutdownHooks();
  // A worker that stops polling must not linger as a healthy-looking process.
  await app.get(DialerWorker).whenStopped();
  await app.close();
}

bootstrap().catch((error: unknown) => {
  new Logger('worker').error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
