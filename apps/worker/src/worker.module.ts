import { Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type AppConfig, loadConfig } from '../../../libs/config/src';
import { DialerWorker } from './dialer-worker';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** The worker role: no HTTP, only the dialer runtime and its lifecycle. */
@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: () => loadConfig() },
    { provide: DialerWorker, useFactory: (config: AppConfig) => new DialerWorker(config), inject: [APP_CONFIG] },
  ],
})
export class WorkerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(DialerWorker) private readonly worker: DialerWorker) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }
}
