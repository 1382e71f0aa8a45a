/**
 * Per-turn orchestration overhead: from the customer's text handed over by the FastAGI session to the
 * reply text, with the rules (no model, no speech provider). Measured three ways: the turn activity called
 * directly, and through a workflow Update that runs it as an activity task (the design before) or as a
 * local activity (the production path).
 *
 *   npm run build && node dist/bench/turn-overhead.js [turns=300]
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createConversationActivities } from '../activities/conversation.activities';
import { loadConfig, temporalConnectionOptions } from '../libs/config/src';
import { CallAttempts, CallRecordingRepository, DncRepository, createDataSource } from '../libs/db/src';
import { benchDoneSignal, benchTurnUpdate, turnBenchWorkflow } from './turn-overhead.workflow';

const UTTERANCES = ['What is this about?', "It's too expensive", 'We already use another provider', 'Hmm', 'Is this a scam?'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const turns = Number(process.argv[2] ?? 300);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:54329/ai_dialer_test',
    TEMPORAL_TASK_QUEUE: `bench-turns-${randomUUID()}`,
  });
  const db = createDataSource(config.databaseUrl);
  await db.initialize();
  await db.runMigrations();
  const [org] = (await db.query(`INSERT INTO organizations (name) VALUES ('Turn bench') RETURNING id`)) as { id: string }[];
  const [campaign] = (await db.query(`INSERT INTO campaigns (organization_id, name) VALUES ($1, 'Turn bench') RETURNING id`, [org!.id])) as {
    id: string;
  }[];
  const [contact] = (await db.query(
    `INSERT INTO contacts (organization_id, campaign_id, phone, first_name, timezone) VALUES ($1, $2, '+12025550199', 'Bench', 'UTC') RETURNING id`,
    [org!.id, campaign!.id],
  )) as { id: string }[];
  const newCall = async () => {
    const [call] = (await db.query(
      `INSERT INTO calls (organization_id, campaign_id, contact_id, attempt, workflow_id, channel_id)
       VALUES ($1, $2, $3, (SELECT coalesce(max(attempt), 0) + 1 FROM calls WHERE contact_id = $3), 'bench', $4) RETURNING id`,
      [org!.id, campaign!.id, contact!.id, `bench-${randomUUID()}`],
    )) as { id: string }[];
    return call!.id;
  };
  const activities = createConversationActivities({
    calls: new CallAttempts(db),
    callRecordings: new CallRecordingRepository(db),
    dnc: new DncRepository(db),
    conversation: config.conversation,
    dialing: config.dialing,
  });

  const direct: number[] = [];
  const directCall = await newCall();
  for (let i = 1; i <= turns; i++) {
    const started = process.hrtime.bigint();
    await activities.runConversationTurn({ callId: directCall, turn: i, unclearTurns: 0, customer: { text: UTTERANCES[i % UTTERANCES.length] } });
    direct.push(Number(process.hrtime.bigint() - started) / 1e6);
  }

  const nativeConnection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue: config.temporal.taskQueue,
    workflowsPath: require.resolve('./turn-overhead.workflow'),
    activities,
  });
  const running = worker.run();
  const client = new Client({ connection: nativeConnection });
  /** Turns through a workflow Update with the production's stable update ids. */
  const throughWorkflow = async (local: boolean): Promise<number[]> => {
    const handle = await client.workflow.start(turnBenchWorkflow, {
      taskQueue: config.temporal.taskQueue,
      workflowId: `bench-turns-${randomUUID()}`,
      args: [await newCall(), local],
    });
    const samples: number[] = [];
    for (let i = 1; i <= turns; i++) {
      const started = process.hrtime.bigint();
      await handle.executeUpdate(benchTurnUpdate, { args: [{ text: UTTERANCES[i % UTTERANCES.length] }], updateId: `conversation-turn-${i}` });
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    await handle.signal(benchDoneSignal);
    await handle.result();
    return samples;
  };
  const viaTask = await throughWorkflow(false);
  const viaLocal = await throughWorkflow(true);

  const row = (name: string, samples: number[]) => {
    const sorted = [...samples].sort((a, b) => a - b);
    return { path: name, turns: samples.length, p50Ms: Number(percentile(sorted, 50).toFixed(1)), p95Ms: Number(percentile(sorted, 95).toFixed(1)) };
  };
  console.table([
    row('turn activity, called directly', direct),
    row('Update -> workflow -> activity task (before)', viaTask),
    row('Update -> workflow -> local activity (production)', viaLocal),
  ]);

  worker.shutdown();
  await running;
  await nativeConnection.close();
  await db.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
