/**
 * The telephony path's own limit: N busy-line attempts (the numbers of campaign-scale) originated over one
 * ARI connection through the production gateway, without Temporal or the database. Prints one table row.
 *
 *   npm run build && node dist/bench/raw-ari.js [attempts=1000] [concurrency=50]
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../libs/config/src';
import { rawAriLoop } from './support/raw-ari-loop';

/** campaign-scale's i-th contact: tens digit 1, a busy line on the Asterisk sandbox. */
function busyLine(i: number): string {
  return `+1202${String(Math.floor(i / 10)).padStart(5, '0')}1${i % 10}`;
}

async function main(): Promise<void> {
  const attempts = Number(process.argv[2] ?? 1000);
  const concurrency = Number(process.argv[3] ?? 50);
  const config = loadConfig();
  // As campaign-scale's settings.
  const timeoutSeconds = 5;
  const result = await rawAriLoop({
    ariUrl: config.ari.url,
    username: config.ari.user,
    password: config.ari.password,
    app: `raw-ari-${randomUUID().slice(0, 8)}`,
    dialStringTemplate: config.dialing.dialStringTemplate,
    context: config.dialing.answeredContext,
    callerId: config.dialing.callerId,
    phones: Array.from({ length: attempts }, (_, i) => busyLine(i)),
    concurrency,
    timeoutSeconds,
  });
  console.table([
    {
      attempts,
      concurrency,
      completed: result.attempts,
      failed: result.failed,
      wallSeconds: Number(result.seconds.toFixed(1)),
      attemptsPerSecond: Number(result.attemptsPerSecond.toFixed(1)),
    },
  ]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
