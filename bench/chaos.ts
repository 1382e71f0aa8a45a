/**
 * Chaos: a campaign on the real Asterisk while its worker processes are killed and the Temporal server and
 * PostgreSQL restart under it. Asterisk's own channel events, watched by an ARI application of this script,
 * count every dial; the database says how each contact and call ended. Prints what was done and the counts
 * that must hold (no channel created twice, every contact and call final, every answered opt-out on the DNC
 * list, no channel up longer than the campaign allows),
 * and exits 1 when one does not.
 *
 *   AI_DIALER_TEMPORAL=cluster AI_DIALER_TEMPORAL_PORT=7333 AI_DIALER_TEMPORAL_UI_PORT=8333 scripts/infra.sh up
 *   npm run build && TEMPORAL_ADDRESS=127.0.0.1:7333 node dist/bench/chaos.js [contacts=60] [inFlight=8] [workerKills=3] [chaosSeconds=60]
 * Worker kills fall at random moments of the first chaosSeconds (a killed worker starts again a second later); the Temporal server restarts at a quarter
 * and at seven tenths of it, PostgreSQL at nine twentieths.
 *
 * It restarts the local PostgreSQL (`pg_ctl restart` on the cache's cluster, as root through the postgres
 * user) and the local Temporal server (the pid `scripts/infra.sh` recorded, then `infra.sh up`): run it on a
 * machine where nothing else uses them.
 */
import 'reflect-metadata';
import { type ChildProcess, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ari, { type Channel } from 'ari-client';
import { zoneWithLocalTimeBetween } from '../libs/compliance/src/calling-window';
import { loadConfig } from '../libs/config/src';
import { parseCallChannelId } from '../libs/contracts/src';
import { BENCH_DATABASE_URL, benchDatabase, startBenchApi } from './support/bench-api';
import { startWorkerProcess } from './support/worker-process';

const ROOT = join(__dirname, '..', '..');
const CACHE = process.env.AI_DIALER_CACHE ?? (process.getuid?.() === 0 ? '/var/cache/ai-dialer' : `${process.env.HOME}/.cache/ai-dialer`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Listeners, busy lines, no answer, early hang-ups, interested (presses 1), opt-outs (press 9). */
const BEHAVIOURS = ['0', '1', '2', '4', '6', '7'];
/**
 * Numbers +1 202 555 0ABC: the tens digit B picks the simulated customer, in turn, so that a small campaign has
 * every kind; A and C keep up to 600 numbers apart.
 */
const phoneOf = (i: number) => {
  const ofItsKind = Math.floor(i / BEHAVIOURS.length);
  return `+12025550${Math.floor(ofItsKind / 10) % 10}${BEHAVIOURS[i % BEHAVIOURS.length]}${ofItsKind % 10}`;
};
const behaviourOf = (phone: string) => phone.charAt(phone.length - 2);
const CALL_TIMEOUT_SECONDS = 5;
const MAX_CALL_SECONDS = 40;
/** A channel lives at most its ring time and the call's maximum; past this (hang-up included) it overstayed. */
const CHANNEL_LIFETIME_LIMIT_MS = (CALL_TIMEOUT_SECONDS + MAX_CALL_SECONDS + 5) * 1000;

async function main(): Promise<void> {
  const contacts = Number(process.argv[2] ?? 60);
  const inFlight = Number(process.argv[3] ?? 8);
  const workerKills = Number(process.argv[4] ?? 3);
  const chaosMs = Number(process.argv[5] ?? 60) * 1000;
  const temporalAddress = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const temporalPort = temporalAddress.split(':')[1] ?? '7233';
  // The API in this process reads its configuration from the environment, as the workers do.
  process.env.TEMPORAL_TASK_QUEUE = `chaos-${randomUUID()}`;
  const config = loadConfig({ ...process.env, DATABASE_URL: BENCH_DATABASE_URL, ARI_APP: `chaos-${randomUUID().slice(0, 8)}` });

  const db = await benchDatabase();
  const [org] = (await db.query(`INSERT INTO organizations (name) VALUES ('Chaos') RETURNING id`)) as { id: string }[];
  const organizationId = org!.id;
  const api = await startBenchApi(db, organizationId);
  const request = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${api.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> | null };
  };

  const zone = zoneWithLocalTimeBetween(new Date(), 9 * 60, 18 * 60);
  const created = await request('POST', '/campaigns', {
    name: `Chaos ${new Date().toISOString()}`,
    callSettings: {
      maxConcurrentCalls: inFlight,
      callIntervalMs: 200,
      retryAttempts: 1,
      retryDelayMinutes: 0.05,
      callTimeoutSeconds: CALL_TIMEOUT_SECONDS,
      maxCallSeconds: MAX_CALL_SECONDS,
      breakerMinCalls: 1000,
    },
  });
  const campaignId = (created.body?.campaign as { id: string } | undefined)?.id;
  if (!campaignId) throw new Error(`campaign not created: ${created.status} ${JSON.stringify(created.body)}`);
  await db.query(
    `INSERT INTO contacts (organization_id, campaign_id, first_name, phone, timezone, timezone_source)
     SELECT $1, $2, 'Chaos ' || i, phone, $3, 'contact' FROM unnest($4::text[]) WITH ORDINALITY AS t(phone, i)`,
    [organizationId, campaignId, zone, Array.from({ length: contacts }, (_, i) => phoneOf(i))],
  );

  // Asterisk's own account of every channel of this campaign, from outside the dialer.
  const createdChannels = new Map<string, number>();
  const lifetimes = new Map<string, { created: number; destroyed?: number }>();
  const observer = await ari.connect(config.ari.url, config.ari.user, config.ari.password);
  observer.on('ChannelCreated', (_event: unknown, channel: Channel) => {
    if (parseCallChannelId(channel.id)?.campaignId !== campaignId) return;
    createdChannels.set(channel.id, (createdChannels.get(channel.id) ?? 0) + 1);
    lifetimes.set(channel.id, { created: Date.now() });
  });
  observer.on('ChannelDestroyed', (_event: unknown, channel: Channel) => {
    const lifetime = lifetimes.get(channel.id);
    if (lifetime) lifetime.destroyed = Date.now();
  });
  await new Promise<void>((resolve, reject) => {
    observer.once('WebSocketConnected', () => resolve());
    observer.start(`chaos-observer-${randomUUID().slice(0, 8)}`, true).catch(reject);
  });

  // Supervised as compose's `restart` would: a worker that exits, killed or by itself, starts again a second later.
  const workers: ChildProcess[] = [];
  let stopping = false;
  const actions: string[] = [];
  const started = Date.now();
  const at = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  const startWorker = (index: number) => {
    const child = startWorkerProcess(config, { LISTEN_TIMEOUT_SECONDS: '2' }, join(CACHE, 'logs', `chaos-worker-${index + 1}.log`));
    workers[index] = child;
    child.once('exit', (code, signal) => {
      if (stopping) return;
      if (signal !== 'SIGKILL') actions.push(`${at()}: worker ${index + 1} exited by itself (${signal ?? `code ${code}`})`);
      setTimeout(() => stopping || startWorker(index), 1000);
    });
  };
  startWorker(0);
  startWorker(1);
  // Also when this script fails: no worker of it lives on.
  process.on('exit', () => {
    stopping = true;
    workers.forEach((child) => child.kill('SIGKILL'));
  });

  const done = { workerKills: 0, temporalRestarts: 0, postgresRestarts: 0 };
  const killWorker = async (index: number) => {
    // A kill falls on a running worker, not on one still being restarted.
    while (workers[index]!.exitCode !== null || workers[index]!.signalCode !== null) await sleep(100);
    workers[index]!.kill('SIGKILL');
    done.workerKills++;
    actions.push(`${at()}: worker ${index + 1} killed (SIGKILL)`);
  };
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const restartTemporal = async () => {
    const pid = Number(readFileSync(join(CACHE, 'temporal-cluster.pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
    actions.push(`${at()}: Temporal server killed (SIGKILL)`);
    // Until it is gone its port still answers, and infra.sh would take the server for running.
    while (alive(pid)) await sleep(100);
    // In a session of its own: the server must outlive this script and any signal sent to its process group.
    execFileSync('setsid', ['bash', join(ROOT, 'scripts', 'infra.sh'), 'up'], {
      // Without TEMPORAL_ADDRESS, which tells infra.sh to leave Temporal alone.
      env: { ...process.env, TEMPORAL_ADDRESS: '', AI_DIALER_TEMPORAL: 'cluster', AI_DIALER_TEMPORAL_PORT: temporalPort, ARI_URL: config.ari.url, DATABASE_URL: BENCH_DATABASE_URL },
      stdio: 'ignore',
    });
    done.temporalRestarts++;
    actions.push(`${at()}: Temporal server up again`);
  };
  const restartPostgres = () => {
    const pgCtl = readdirSync('/usr/lib/postgresql').map((version) => `/usr/lib/postgresql/${version}/bin/pg_ctl`)[0]!;
    actions.push(`${at()}: PostgreSQL restarting (pg_ctl restart -m fast)`);
    const restart = [pgCtl, '-D', join(CACHE, 'pgdata'), '-m', 'fast', '-w', 'restart'];
    // As root the cluster belongs to the postgres user (scripts/infra.sh).
    if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', ...restart], { stdio: 'ignore' });
    else execFileSync(restart[0]!, restart.slice(1), { stdio: 'ignore' });
    done.postgresRestarts++;
    actions.push(`${at()}: PostgreSQL up again`);
  };

  const start = await request('POST', '/calls/automated/start', { campaignId });
  if (start.status !== 200) throw new Error(`start failed: ${start.status} ${JSON.stringify(start.body)}`);
  type Step = [atMs: number, action: () => unknown];
  const plan: Step[] = [
    [chaosMs * 0.25, restartTemporal] as Step,
    [chaosMs * 0.45, restartPostgres] as Step,
    [chaosMs * 0.7, restartTemporal] as Step,
    ...Array.from({ length: workerKills }, (): Step => {
      const worker = Math.floor(Math.random() * 2);
      return [5_000 + Math.random() * (chaosMs - 5_000), () => killWorker(worker)];
    }),
  ].sort(([a], [b]) => a - b);
  for (const [offset, action] of plan) {
    await sleep(Math.max(0, started + offset - Date.now()));
    await action();
  }

  // The campaign's row says when it completed (the database outlives every restart here); the API, which went
  // through the same restarts, must then say so too.
  const campaignStatus = async () =>
    ((await db.query('SELECT status FROM campaigns WHERE id = $1', [campaignId]).catch(() => [])) as { status: string }[])[0]?.status;
  let status = '';
  for (const deadline = Date.now() + 600_000; Date.now() < deadline && status !== 'completed'; await sleep(2000)) {
    status = (await campaignStatus()) ?? status;
  }
  let apiStatus = '';
  for (const deadline = Date.now() + 60_000; Date.now() < deadline && apiStatus !== 'completed'; await sleep(2000)) {
    const queue = await request('GET', `/calls/queue/status/${campaignId}`).catch((error: unknown) => ({ status: 0, body: { error: String(error) } as Record<string, unknown> }));
    apiStatus = queue.status === 200 ? ((queue.body?.status as { status?: string } | undefined)?.status ?? '') : `HTTP ${queue.status} ${JSON.stringify(queue.body)}`;
  }
  const wallSeconds = (Date.now() - started) / 1000;

  const contactRows = (await db.query('SELECT phone, status FROM contacts WHERE campaign_id = $1', [campaignId])) as { phone: string; status: string }[];
  const callRows = (await db.query('SELECT channel_id, status, outcome, dialed_at IS NOT NULL AS dialed FROM calls WHERE campaign_id = $1', [campaignId])) as {
    channel_id: string;
    dialed: boolean;
    status: string;
    outcome: string | null;
  }[];
  const optedOut = contactRows.filter((row) => behaviourOf(row.phone) === '7');
  // Simulated opt-outs press 9 from the first second after they answer: every answered one asked.
  const [optOutsLost] = (await db.query(
    `SELECT count(DISTINCT ct.id)::int AS n FROM contacts ct JOIN calls c ON c.contact_id = ct.id AND c.answered_at IS NOT NULL
      WHERE ct.campaign_id = $1 AND right(ct.phone, 2) LIKE '7_'
        AND NOT EXISTS (SELECT 1 FROM dnc_entries d WHERE d.organization_id = ct.organization_id AND d.phone = ct.phone)`,
    [campaignId],
  )) as { n: number }[];
  const overstayedChannels = [...lifetimes.entries()].filter(([, l]) => (l.destroyed ?? Date.now()) - l.created > CHANNEL_LIFETIME_LIMIT_MS);
  const overstayed = overstayedChannels.length;
  const twice = [...createdChannels.values()].filter((count) => count > 1).length;
  const unknownChannels = [...createdChannels.keys()].filter((id) => !callRows.some((row) => row.channel_id === id)).length;
  const counts = {
    contacts,
    inFlight,
    ...done,
    campaignStatus: status,
    apiStatus,
    contactsFinal: contactRows.filter((row) => ['contacted', 'failed', 'dnc'].includes(row.status)).length,
    calls: callRows.length,
    callsFinal: callRows.filter((row) => ['completed', 'failed', 'not_dialed'].includes(row.status)).length,
    channelsCreated: createdChannels.size,
    // Originations per attempt, from Asterisk's events. A worker killed between the dial fence and the
    // originate leaves an attempt dialed without a channel: at most once, it fails and is called again.
    attemptsWithOneChannel: callRows.filter((row) => createdChannels.get(row.channel_id) === 1).length,
    attemptsDialedWithoutChannel: callRows.filter((row) => row.dialed && !createdChannels.has(row.channel_id)).length,
    channelsCreatedTwice: twice,
    channelsWithoutCallRow: unknownChannels,
    optOutCustomers: optedOut.length,
    answeredOptOutsNotOnDnc: optOutsLost?.n ?? 0,
    channelsOverMaxCall: overstayed,
    wallSeconds: Math.round(wallSeconds),
  };
  for (const action of actions) console.log(action);
  for (const [id, l] of overstayedChannels) console.log(`over its maximum: ${id}, ${(((l.destroyed ?? Date.now()) - l.created) / 1000).toFixed(1)} s`);
  console.table(Object.entries(counts).map(([count, value]) => ({ count, value })));
  console.table(Object.entries(
    callRows.reduce<Record<string, number>>((acc, row) => ({ ...acc, [row.outcome ?? row.status]: (acc[row.outcome ?? row.status] ?? 0) + 1 }), {}),
  ).map(([outcome, calls]) => ({ outcome, calls })));
  const held =
    done.workerKills === workerKills &&
    done.temporalRestarts === 2 &&
    done.postgresRestarts === 1 &&
    status === 'completed' &&
    apiStatus === 'completed' &&
    counts.contactsFinal === contacts &&
    counts.callsFinal === counts.calls &&
    twice === 0 &&
    unknownChannels === 0 &&
    counts.answeredOptOutsNotOnDnc === 0 &&
    overstayed === 0;
  console.log(held ? 'every required count holds' : 'A REQUIRED COUNT DOES NOT HOLD');

  observer.stop();
  await api.close();
  await db.destroy();
  process.exit(held ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
