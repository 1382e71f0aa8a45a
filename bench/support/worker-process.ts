import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../../libs/config/src';

const WORKER_MAIN = join(__dirname, '..', '..', 'apps', 'worker', 'src', 'main.js');

/**
 * A worker process started from dist, as production runs them, on the bench's database, task queue and ARI
 * application, with ports of its own (several run side by side) and no metrics endpoint. Its log lines go to
 * `logFile` (appended) when given.
 */
export function startWorkerProcess(config: AppConfig, env: Record<string, string> = {}, logFile?: string): ChildProcess {
  return spawn(process.execPath, [WORKER_MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: config.databaseUrl,
      TEMPORAL_ADDRESS: config.temporal.address,
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      ARI_APP: config.ari.app,
      AGI_PORT: '0',
      AUDIO_PORT: '0',
      AUDIOSOCKET_PORT: '0',
      METRICS_ENABLED: 'false',
      ...env,
    },
    stdio: ['ignore', logFile ? openSync(logFile, 'a') : 'ignore', 'inherit'],
  });
}
