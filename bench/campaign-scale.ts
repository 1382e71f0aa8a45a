/**
 * Campaign scale benchmark: one campaign of N contacts (default 1,000) on the real Temporal dev server,
 * PostgreSQL and Asterisk sandbox, every number a simulated busy line. Prints one table row per run:
 * wall time, attempts per second, how many CampaignWorkflow runs the campaign took (continue-as-new),
 * and the largest history length of any run.
 *
 *   npm run build && node dist/bench/campaign-scale.js [contacts] [maxConcurrentCalls]
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { DialerWorker } from '../apps/worker/src/dialer-worker';
import { zoneWithLocalTimeBetween } from '../libs/compliance/src/calling-window';
import { loadConfig } from '../libs/config/src';
import { CampaignIdKey, OrganizationIdKey, type QueueStatus, campaignWorkflowId } from '../libs/contracts/src';
import { createDataSource } from '../libs/db/src';
import { campaignWorkflow } from '../workflows';

async function main(): Promise<void> {
  const contacts = Number(process.argv[2] ?? 1000);
  const concurrency = Number(process.argv[3] ?? 50);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:54329/ai_dialer_test',
    TEMPORAL_TASK_QUEUE: `bench-${randomUUID()}`,
    ARI_APP: `bench-${randomUUID().slice(0, 8)}`,
    AGI_PORT: '0',
    AUDIO_PORT: '0',
  });
  const db = createDataSource(config.databaseUrl);
  await db.initialize();
  await db.runMigrations();
  const [org] = (await db.query(`INSERT INTO organizations (name) VALUES ('Bench') RETURNING id`)) as { id: string }[];
  const settings = { maxConcurrentCalls: concurrency, callIntervalMs: 0, retryAttempts: 0, callTimeoutSeconds: 5, breakerMinCalls: 100000 };
  const [campaign] = (await db.query(
    `INSERT INTO campaigns (organization_id, name, call_settings) VALUES ($1, 'Scale bench', $2) RETURNING id`,
    [org!.id, JSON.stringify(settings)],
  )) as { id: string }[];
  const campaignId = campaign!.id;
  // Busy lines (tens digit 1) end within a second; the zone keeps every contact inside its window.
  const zone = zoneWithLocalTimeBetween(new Date(), 9 * 60, 18 * 60);
  await db.query(
    `INSERT INTO contacts (organization_id, campaign_id, first_name, phone, timezone, timezone_source)
     SELECT $1, $2, 'Bench ' || i, '+1202' || lpad((i / 10)::text, 5, '0') || '1' || (i % 10), $3, 'contact'
       FROM generate_series(0, $4 - 1) AS i`,
    [org!.id, campaignId, zone, contacts],
  );

  const worker = new DialerWorker(config);
  await worker.start();
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const started = Date.now();
  const handle = await client.workflow.start(campaignWorkflow, {
    taskQueue: config.temporal.taskQueue,
    workflowId: campaignWorkflowId(campaignId),
    args: [{ campaignId }],
    typedSearchAttributes: [
      { key: CampaignIdKey, value: campaignId },
      { key: OrganizationIdKey, value: org!.id },
    ],
  });
  const final = (await handle.result()) as QueueStatus;
  const wallMs = Date.now() - started;

  let runs = 0;
  let maxHistory = 0;
  for await (const run of client.workflow.list({ query: `WorkflowId = "${campaignWorkflowId(campaignId)}"` })) {
    runs += 1;
    maxHistory = Math.max(maxHistory, run.historyLength);
  }
  const [row] = (await db.query(`SELECT count(*)::int AS attempts FROM calls WHERE campaign_id = $1`, [campaignId])) as {
    attempts: number;
  }[];
  const attempts = row?.attempts ?? 0;
  console.table([
    {
      contacts,
      maxConcurrentCalls: concurrency,
      attempts,
      processed: final.processedContacts,
      wallSeconds: Number((wallMs / 1000).toFixed(1)),
      attemptsPerSecond: Number((attempts / (wallMs / 1000)).toFixed(1)),
      campaignRuns: runs,
      maxHistoryLength: maxHistory,
    },
  ]);
  await connection.close();
  await worker.stop();
  await db.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
