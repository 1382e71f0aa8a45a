/**
 * Dial throughput against the telephony path's own limit, in one run on the real Temporal dev server,
 * PostgreSQL and Asterisk sandbox, every number a simulated busy line:
 *   1. the raw ARI loop: the same numbers originated over one ARI connection, no Temporal, no database;
 *   2. one campaign of N contacts through the system (the worker in this process, or BENCH_WORKER_PROCESSES
 *      worker processes started from dist, as production runs several), unpaced;
 *   3. a paced campaign (callIntervalMs > 0), to check the pacing.
 * Prints one table: attempts/s of both and their ratio, dial-start overhead (contact claimed → originate
 * sent) p50/p99, the worker's peak RSS (the largest process's), campaign runs and the largest run history, events per attempt,
 * and the pacing's worst one-second window and mean interval.
 *
 *   npm run build && node dist/bench/campaign-scale.js [contacts=1000] [maxConcurrentCalls=50] [pacedContacts=100] [pacedIntervalMs=100]
 * TEMPORAL_ADDRESS picks the server (e.g. the real one: AI_DIALER_TEMPORAL=cluster in scripts/infra.sh).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { DialerWorker } from '../apps/worker/src/dialer-worker';
import { zoneWithLocalTimeBetween } from '../libs/compliance/src/calling-window';
import { type AppConfig, loadConfig, temporalConnectionOptions } from '../libs/config/src';
import { CampaignIdKey, OrganizationIdKey, campaignWorkflowId } from '../libs/contracts/src';
import { createDataSource } from '../libs/db/src';
import { campaignWorkflow } from '../workflows';
import { rawAriLoop } from './support/raw-ari-loop';
import { startWorkerProcess } from './support/worker-process';

/** The raw loop runs at most this many attempts: its rate is steady long before. */
const RAW_LOOP_MAX = 10_000;
/** Call workflows whose history length is sampled for the events per attempt. */
const HISTORY_SAMPLE = 50;

/** The i-th contact: tens digit 1, a busy line on the Asterisk sandbox. */
const busyLine = (i: number) => `+1202${String(Math.floor(i / 10)).padStart(5, '0')}1${i % 10}`;

const rssOf = (pid: number | undefined): number => {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) * 1024 : 0;
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

interface CampaignRunFigures {
  attempts: number;
  wallSeconds: number;
  runs: number;
  maxHistory: number;
  eventsPerAttempt: number;
  dialStartMs: number[];
  /** The dial start of the sampled attempts in its steps, from their histories (ms each). */
  dialStartSteps: DialStartSteps[];
  dialTimes: number[];
}

async function runCampaign(
  db: DataSource,
  client: Client,
  config: AppConfig,
  organizationId: string,
  contacts: number,
  settings: Record<string, number>,
): Promise<CampaignRunFigures> {
  const [campaign] = (await db.query(
    `INSERT INTO campaigns (organization_id, name, call_settings) VALUES ($1, $2, $3) RETURNING id`,
    [organizationId, `Scale bench ${contacts}`, JSON.stringify(settings)],
  )) as { id: string }[];
  const campaignId = campaign!.id;
  // The zone keeps every contact inside its calling window.
  const zone = zoneWithLocalTimeBetween(new Date(), 9 * 60, 18 * 60);
  await db.query(
    `INSERT INTO contacts (organization_id, campaign_id, first_name, phone, timezone, timezone_source)
     SELECT $1, $2, 'Bench ' || i, '+1202' || lpad((i / 10)::text, 5, '0') || '1' || (i % 10), $3, 'contact'
       FROM generate_series(0, $4 - 1) AS i`,
    [organizationId, campaignId, zone, contacts],
  );
  const started = Date.now();
  const handle = await client.workflow.start(campaignWorkflow, {
    taskQueue: config.temporal.taskQueue,
    workflowId: campaignWorkflowId(campaignId),
    args: [{ campaignId }],
    typedSearchAttributes: [
      { key: CampaignIdKey, value: campaignId },
      { key: OrganizationIdKey, value: organizationId },
    ],
  });
  await handle.result();
  const wallSeconds = (Date.now() - started) / 1000;

  const runs: { workflowId: string; runId: string }[] = [];
  let maxHistory = 0;
  for await (const run of client.workflow.list({ query: `WorkflowId = "${campaignWorkflowId(campaignId)}"` })) {
    runs.push(run);
    // From the run itself: the visibility record's length can lag behind a run that just closed.
    const described = await client.workflow.getHandle(run.workflowId, run.runId).describe();
    maxHistory = Math.max(maxHistory, described.historyLength);
  }
  const calls = (await db.query(
    `SELECT c.workflow_id, extract(epoch FROM c.dialed_at) * 1000 AS dialed, extract(epoch FROM ct.claimed_at) * 1000 AS claimed,
            extract(epoch FROM c.dialed_at - ct.claimed_at) * 1000 AS dial_start
       FROM calls c JOIN contacts ct ON ct.id = c.contact_id
      WHERE c.campaign_id = $1 ORDER BY c.dialed_at`,
    [campaignId],
  )) as { workflow_id: string; dialed: string | null; claimed: string | null; dial_start: string | null }[];
  const sample = calls.filter((_, i) => i % Math.max(1, Math.floor(calls.length / HISTORY_SAMPLE)) === 0).slice(0, HISTORY_SAMPLE);
  const lengths = await Promise.all(sample.map(async (c) => (await client.workflow.getHandle(c.workflow_id).describe()).historyLength));
  const dialed = calls.filter((c) => c.dialed !== null);
  const asked = await childStartsAsked(client, runs);
  const timed = sample.filter((c): c is { workflow_id: string; dialed: string; claimed: string; dial_start: string } => c.dialed !== null && c.claimed !== null);
  return {
    dialStartSteps: await Promise.all(timed.map((c) => dialStartSteps(client, asked, c))),
    attempts: calls.length,
    wallSeconds,
    runs: runs.length,
    maxHistory,
    eventsPerAttempt: lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length),
    dialStartMs: dialed.map((c) => Number(c.dial_start)).sort((a, b) => a - b),
    dialTimes: dialed.map((c) => Number(c.dialed)),
  };
}

/**
 * Contact claimed → the campaign's task completed with the child's start (the worker's part), → call workflow
 * started (the server's), → its first task picked up by the worker (the task queue), → dial sent (that task's
 * work: reserve, gate, originate).
 */
interface DialStartSteps {
  toStartAsked: number;
  toChildStarted: number;
  toFirstTaskPicked: number;
  toDialed: number;
}

/** When each campaign run asked for each child's start, by child workflow id. */
async function childStartsAsked(client: Client, runs: { workflowId: string; runId: string }[]): Promise<Map<string, number>> {
  const asked = new Map<string, number>();
  for (const run of runs) {
    const { events } = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    for (const event of events ?? []) {
      const childId = event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
      if (childId) asked.set(childId, tsToMs(event.eventTime));
    }
  }
  return asked;
}

async function dialStartSteps(client: Client, asked: Map<string, number>, call: { workflow_id: string; claimed: string; dialed: string }): Promise<DialStartSteps> {
  const { events } = await client.workflow.getHandle(call.workflow_id).fetchHistory();
  const started = tsToMs(events?.[0]?.eventTime);
  const picked = tsToMs(events?.find((e) => e.workflowTaskStartedEventAttributes)?.eventTime);
  const startAsked = asked.get(call.workflow_id) ?? NaN;
  return {
    toStartAsked: startAsked - Number(call.claimed),
    toChildStarted: started - startAsked,
    toFirstTaskPicked: picked - started,
    toDialed: Number(call.dialed) - picked,
  };
}

/** The most dials in any one-second window starting at a dial, and the mean interval between dials. */
function pacing(times: number[]): { worstWindow: number; meanIntervalMs: number } {
  let worstWindow = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (j < times.length && times[j]! < times[i]! + 1000) j++;
    worstWindow = Math.max(worstWindow, j - i);
  }
  const meanIntervalMs = times.length > 1 ? (times[times.length - 1]! - times[0]!) / (times.length - 1) : NaN;
  return { worstWindow, meanIntervalMs };
}

async function main(): Promise<void> {
  const contacts = Number(process.argv[2] ?? 1000);
  const concurrency = Number(process.argv[3] ?? 50);
  const pacedContacts = Number(process.argv[4] ?? 100);
  const pacedIntervalMs = Number(process.argv[5] ?? 100);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:54329/ai_dialer_test',
    TEMPORAL_TASK_QUEUE: `bench-${randomUUID()}`,
    ARI_APP: `bench-${randomUUID().slice(0, 8)}`,
    AGI_PORT: '0',
    AUDIO_PORT: '0',
    AUDIOSOCKET_PORT: '0',
  });

  const rawAttempts = Math.min(contacts, RAW_LOOP_MAX);
  const raw = await rawAriLoop({
    ariUrl: config.ari.url,
    username: config.ari.user,
    password: config.ari.password,
    app: `raw-ari-${randomUUID().slice(0, 8)}`,
    dialStringTemplate: config.dialing.dialStringTemplate,
    context: config.dialing.answeredContext,
    callerId: config.dialing.callerId,
    phones: Array.from({ length: rawAttempts }, (_, i) => busyLine(i)),
    concurrency,
    timeoutSeconds: 5,
  });

  const db = createDataSource(config.databaseUrl);
  await db.initialize();
  await db.runMigrations();
  // Optional limits of the bench organization: set at or above what the campaigns reach, they measure the cost of admission.
  const [org] = (await db.query(`INSERT INTO organizations (name, calls_per_second, max_concurrent_calls) VALUES ('Bench', $1, $2) RETURNING id`, [
    process.env.BENCH_ORG_CALLS_PER_SECOND ?? null,
    process.env.BENCH_ORG_MAX_CONCURRENT_CALLS ?? null,
  ])) as { id: string }[];
  const workerProcesses = Number(process.env.BENCH_WORKER_PROCESSES ?? 0);
  const children = Array.from({ length: workerProcesses }, () => startWorkerProcess(config));
  const worker = workerProcesses > 0 ? undefined : new DialerWorker(config);
  await worker?.start();
  const rss = () => (worker ? process.memoryUsage().rss : Math.max(...children.map((child) => rssOf(child.pid))));
  let peakRss = rss();
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, rss())), 250);
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  const client = new Client({ connection, namespace: config.temporal.namespace });

  const base = { retryAttempts: 0, callTimeoutSeconds: 5, breakerMinCalls: 100000 };
  const unpaced = await runCampaign(db, client, config, org!.id, contacts, { ...base, maxConcurrentCalls: concurrency, callIntervalMs: 0 });
  const paced =
    pacedContacts > 0
      ? await runCampaign(db, client, config, org!.id, pacedContacts, { ...base, maxConcurrentCalls: concurrency, callIntervalMs: pacedIntervalMs })
      : undefined;
  clearInterval(rssTimer);

  const systemRate = unpaced.attempts / unpaced.wallSeconds;
  const pace = paced ? pacing(paced.dialTimes) : undefined;
  console.table([
    {
      temporal: config.temporal.address,
      workers: workerProcesses > 0 ? `${workerProcesses} processes` : 'in-process',
      organizationLimits: `${process.env.BENCH_ORG_CALLS_PER_SECOND ?? '-'} cps, ${process.env.BENCH_ORG_MAX_CONCURRENT_CALLS ?? '-'} in flight`,
      contacts,
      concurrency,
      rawAriPerSecond: round(raw.attemptsPerSecond),
      rawAriFailed: raw.failed,
      systemPerSecond: round(systemRate),
      ratio: round(systemRate / raw.attemptsPerSecond, 3),
      wallSeconds: round(unpaced.wallSeconds),
      dialStartP50Ms: round(percentile(unpaced.dialStartMs, 50)),
      dialStartP99Ms: round(percentile(unpaced.dialStartMs, 99)),
      workerPeakRssMB: Math.round(peakRss / 2 ** 20),
      campaignRuns: unpaced.runs,
      maxRunHistory: unpaced.maxHistory,
      eventsPerAttempt: round(unpaced.eventsPerAttempt),
    },
  ]);
  const steps = unpaced.dialStartSteps;
  const step = (name: keyof DialStartSteps) => {
    const values = steps.map((s) => s[name]).sort((a, b) => a - b);
    return { p50Ms: round(percentile(values, 50)), p99Ms: round(percentile(values, 99)) };
  };
  console.log(`dial start in steps (${steps.length} sampled attempts):`);
  console.table({
    'claimed → its start asked (campaign task completed)': step('toStartAsked'),
    'asked → call workflow started': step('toChildStarted'),
    'started → first task picked up': step('toFirstTaskPicked'),
    'picked up → dial sent': step('toDialed'),
  });
  if (paced && pace) {
    const allowed = Math.floor(1000 / pacedIntervalMs);
    console.table([
      {
        pacedContacts,
        intervalMs: pacedIntervalMs,
        dialed: paced.dialTimes.length,
        worstOneSecondWindow: pace.worstWindow,
        allowedPerSecond: allowed,
        meanIntervalMs: round(pace.meanIntervalMs),
        meanErrorPercent: round(((pace.meanIntervalMs - pacedIntervalMs) / pacedIntervalMs) * 100),
      },
    ]);
  }
  await connection.close();
  await worker?.stop();
  for (const child of children) child.kill('SIGTERM');
  await db.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
