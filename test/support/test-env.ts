import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import bcrypt from 'bcryptjs';
import { type DataSource } from 'typeorm';
import { zoneWithLocalTimeBetween } from '../../libs/compliance/src/calling-window';
import { type AppConfig, loadConfig } from '../../libs/config/src';
import type { UserRole } from '../../libs/contracts/src';
import { Organization, User, createDataSource } from '../../libs/db/src';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:54329/ai_dialer_test';

/**
 * Configuration for one test file: the test database, a task queue of its own (so a running dev worker
 * never takes its tasks), ephemeral AGI and audio ports, and short call timings.
 */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  quietTemporalRuntime();
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: TEST_DATABASE_URL,
    TEMPORAL_TASK_QUEUE: `ai-dialer-test-${randomUUID()}`,
    // Its own ARI application too, so that another dialer on this Asterisk never takes its events.
    ARI_APP: `ai-dialer-test-${randomUUID().slice(0, 8)}`,
    AGI_PORT: '0',
    AUDIO_PORT: '0',
    AUDIOSOCKET_PORT: '0',
    TTS_CACHE_DIR: '/tmp/ai-dialer-test-tts',
    // Silent simulated listeners end after two unanswered turns; short waits keep those calls short.
    LISTEN_TIMEOUT_SECONDS: '2',
    // The test database is shared: a worker's sweep would start other test files' webhook events on its queue.
    WEBHOOK_SWEEP_INTERVAL_MS: '0',
    // Likewise for recordings: a file that tests retention turns the sweep on (test/call-recordings.int.spec.ts).
    RECORDINGS_SWEEP_INTERVAL_MS: '0',
    RECORDINGS_DIR: join(tmpdir(), 'ai-dialer-test-recordings'),
    // Metrics listen on fixed ports: a file that wants them picks free ones (test/metrics.int.spec.ts).
    METRICS_ENABLED: 'false',
    ...overrides,
  });
}

/** Applies the migrations to the test database (once per process) and returns a connection. */
export async function testDatabase(): Promise<DataSource> {
  const db = createDataSource(TEST_DATABASE_URL);
  await db.initialize();
  await db.query('SELECT pg_advisory_lock(4242)');
  try {
    await db.runMigrations({ transaction: 'each' });
  } finally {
    await db.query('SELECT pg_advisory_unlock(4242)');
  }
  return db;
}

export interface TestTenant {
  organizationId: string;
  email: string;
  password: string;
}

/** A fresh organization with one user (or one more user of the given organization). */
export async function createTenant(db: DataSource, role: UserRole = 'admin', organizationId?: string): Promise<TestTenant> {
  const org = organizationId ? { id: organizationId } : await db.getRepository(Organization).save({ name: `Test org ${randomUUID().slice(0, 8)}` });
  const email = `${role}-${randomUUID()}@test.local`;
  const password = 'correct horse battery staple';
  await db.getRepository(User).save({
    organizationId: org.id,
    email,
    passwordHash: await bcrypt.hash(password, 4),
    role,
  });
  return { organizationId: org.id, email, password };
}

export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The SDK logs every worker state change at INFO; tests only need warnings. Once per process. */
function quietTemporalRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by an earlier test file in this process.
  }
}

/** A time zone where it is now between 10:00 and 18:00, so test calls are inside the legal window. */
export function daytimeZone(): string {
  return zoneWithLocalTimeBetween(new Date(), 10 * 60, 18 * 60);
}
