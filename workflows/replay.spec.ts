import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { historyFromJson } from '../test/support/history-json';

/**
 * Replays recorded histories of real runs (workflows/__fixtures__/*.json) against today's workflow code: a
 * change that would break runs in flight (a reordered or removed command) fails here as a determinism error.
 * Re-record after an intended, versioned change: RECORD_HISTORIES=1 npx jest --runInBand workflows/
 */
const FIXTURES = join(__dirname, '__fixtures__');
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();

describe('replay of recorded workflow histories', () => {
  beforeAll(() => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // Already installed by an earlier test file in this process.
    }
  });

  it('has fixtures of both workflows', () => {
    expect(fixtures.some((f) => f.startsWith('campaign-'))).toBe(true);
    expect(fixtures.some((f) => f.startsWith('call-'))).toBe(true);
  });

  it('replays every fixture without a determinism or replay error', async () => {
    const histories = fixtures.map((file) => ({
      workflowId: file,
      history: historyFromJson(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'))),
    }));
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowsPath: require.resolve('./index') }, histories)) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(fixtures.length);
  });
});
