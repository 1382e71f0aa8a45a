import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { AppConfig } from '../../libs/config/src';
import { TEST_DATABASE_URL } from './test-env';

const WORKER_MAIN = join(__dirname, '..', '..', 'dist', 'apps', 'worker', 'src', 'main.js');

/** A worker process built from dist, on the test file's database, task queue and ARI application; `env` overrides. */
export function spawnTestWorker(config: AppConfig, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [WORKER_MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: TEST_DATABASE_URL,
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      ARI_APP: config.ari.app,
      AGI_PORT: '0',
      AUDIO_PORT: '0',
      AUDIOSOCKET_PORT: '0',
      TTS_CACHE_DIR: config.tts.cacheDir,
      ...env,
    },
    stdio: 'ignore',
  });
}
