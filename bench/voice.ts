/**
 * The voice on the real Asterisk sandbox, through the whole system (in-process worker, Temporal, the
 * default offline recogniser):
 *   1. answer → first AI audio, answering-machine detection included (what the person hears), for the
 *      sandbox's people (+1 202 555 010N) and answering machines (015N), and whether each was told right;
 *   2. the recogniser's accuracy on every phrase of asterisk/sim-speech/phrases.tsv (+1 202 555 8PPP),
 *      spoken through the sandbox at 8 kHz, per language and intent;
 *   3. the customer's end of speech → first audio of the reply.
 * Times come from Asterisk's own events (an ARI connection that sees every channel).
 *
 *   npm run build && node dist/bench/voice.js [peopleAndMachines=10] [phrases=all]
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import ari from 'ari-client';
import { DialerWorker } from '../apps/worker/src/dialer-worker';
import type { ConversationMoment } from '../libs/conversation/src';
import { zoneWithLocalTimeBetween } from '../libs/compliance/src/calling-window';
import { loadConfig, temporalConnectionOptions } from '../libs/config/src';
import { CampaignIdKey, OrganizationIdKey, campaignWorkflowId } from '../libs/contracts/src';
import { campaignWorkflow } from '../workflows';
import { BENCH_DATABASE_URL, benchDatabase, percentile } from './support/bench-api';

interface Phrase {
  id: string;
  language: 'en' | 'es';
  intent: string;
  text: string;
}

/** A channel pair of one call: the dialer's side (;1) and the simulated customer's (;2). */
interface CallTimeline {
  answeredAt?: number;
  aiAudio: number[];
  customerSpeech: { at: number; phrase: string }[];
  /** The worker's side: when each moment of the conversation happened (every turn's, in order). */
  moments: Partial<Record<ConversationMoment, number[]>>;
}

const round = (n: number) => Math.round(n);

function phrases(): Phrase[] {
  return readFileSync(join(__dirname, '../../asterisk/sim-speech/phrases.tsv'), 'utf8')
    .split('\n')
    .filter((line) => /^\d{3}\t/.test(line))
    .map((line) => {
      const [id, voice, intent, text] = line.split('\t') as [string, string, string, string];
      return { id, language: voice.startsWith('espeak:es') ? 'es' : 'en', intent, text };
    });
}

/** Where scripts/infra.sh keeps the sandbox, for the phrases' durations. */
function soundsDir(): string {
  const cache = process.env.AI_DIALER_CACHE ?? (process.getuid?.() === 0 ? '/var/cache/ai-dialer' : join(homedir(), '.cache/ai-dialer'));
  return join(cache, 'asterisk-root/usr/share/asterisk/sounds/sim');
}

/** Where the speech in a phrase's file (8 kHz 16-bit PCM WAV) ends: its last sample above 2 % of full scale, not its trailing silence. */
function speechEndMs(path: string): number {
  const wav = readFileSync(path);
  const data = wav.indexOf('data') + 8;
  let last = 0;
  for (let offset = data; offset + 1 < wav.length; offset += 2) if (Math.abs(wav.readInt16LE(offset)) > 655) last = offset;
  return (last - data) / 2 / 8;
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { calls: sorted.length, p50Ms: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)), maxMs: round(sorted.at(-1) ?? NaN) };
}

async function retried<T>(query: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await query();
    } catch (error) {
      if (attempt === 30) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** Consecutive moments of many calls (or turns): each step's share of the time between them. */
class Steps {
  private readonly spans: number[][];
  constructor(private readonly names: string[]) {
    this.spans = names.slice(1).map(() => []);
  }

  /** One call's moments, in the order of the names; a call missing any is left out. */
  add(moments: (number | undefined)[]): void {
    if (moments.some((at) => at === undefined)) return;
    for (let i = 1; i < moments.length; i++) this.spans[i - 1]!.push(moments[i]! - moments[i - 1]!);
  }

  table() {
    return this.spans.map((values, i) => ({ step: `${this.names[i]} → ${this.names[i + 1]}`, ...summary(values) }));
  }
}

async function main(): Promise<void> {
  const each = Number(process.argv[2] ?? 10);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: BENCH_DATABASE_URL,
    TEMPORAL_TASK_QUEUE: `bench-voice-${randomUUID()}`,
    ARI_APP: `bench-voice-${randomUUID().slice(0, 8)}`,
    AGI_PORT: '0',
    AUDIO_PORT: '0',
    AUDIOSOCKET_PORT: '0',
    LISTEN_TIMEOUT_SECONDS: '3',
    MAX_TURNS: '2',
    LOG_LEVEL: 'warn',
  });
  const db = await benchDatabase();
  const timelines = new Map<string, CallTimeline>();
  const timeline = (channelName: string) => {
    const key = channelName.replace(/;[12]$/, '');
    let found = timelines.get(key);
    if (!found) timelines.set(key, (found = { aiAudio: [], customerSpeech: [], moments: {} }));
    return found;
  };
  /** The dialer's channel (;1) by its id, which is what the worker's moments name. */
  const channelNames = new Map<string, string>();
  const watcher = await ari.connect(config.ari.url, config.ari.user, config.ari.password);
  watcher.on('ChannelStateChange', (event, channel) => {
    if (channel.name.endsWith(';1')) channelNames.set(channel.id, channel.name);
    if (channel.state === 'Up' && channel.name.endsWith(';1')) timeline(channel.name).answeredAt ??= Date.parse(event.timestamp);
  });
  // The simulated callee's talk detection (asterisk/extensions.conf) hears the AI's audio arrive.
  watcher.on('ChannelTalkingStarted', (event, channel) => {
    if (channel.name.endsWith(';2')) timeline(channel.name).aiAudio.push(Date.parse(event.timestamp));
  });
  watcher.on('ChannelDialplan', (event, channel) => {
    const spoken = /^sim\/(\d{3})$/.exec(event.dialplan_app_data);
    if (event.dialplan_app === 'Playback' && channel.name.endsWith(';2') && spoken) {
      timeline(channel.name).customerSpeech.push({ at: Date.parse(event.timestamp), phrase: spoken[1]! });
    }
  });
  // subscribeAll: every channel's events, not only those of channels in this application.
  await watcher.start(`bench-voice-watch-${randomUUID().slice(0, 8)}`, true);

  const worker = new DialerWorker(config, (channelId, moment, at) => {
    const name = channelNames.get(channelId);
    if (name) (timeline(name).moments[moment] ??= []).push(at);
  });
  await worker.start();
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  const client = new Client({ connection, namespace: config.temporal.namespace });

  const spoken = phrases().slice(0, Number(process.argv[3] ?? Infinity));
  const numbers = [
    ...Array.from({ length: Math.min(each, 10) }, (_, i) => ({ phone: `+1202555010${i}`, kind: 'person' as const, language: 'en' })),
    ...Array.from({ length: Math.min(each, 10) }, (_, i) => ({ phone: `+1202555015${i}`, kind: 'machine' as const, language: 'en' })),
    ...spoken.map((p) => ({ phone: `+12025558${p.id}`, kind: 'phrase' as const, language: p.language })),
  ];

  const [org] = (await db.query(`INSERT INTO organizations (name) VALUES ('Voice bench') RETURNING id`)) as { id: string }[];
  // Spanish phrases are called by a campaign whose script is in Spanish: the recogniser follows it.
  const [spanish] = (await db.query(
    `INSERT INTO scripts (organization_id, name, main_pitch, objection_handling, closing, follow_up, voicemail_message, language)
     VALUES ($1, 'Voice bench (es)', 'Le llamamos para presentarle nuestra oferta.', '{}', 'Gracias.', '', '', 'es-ES') RETURNING id`,
    [org!.id],
  )) as { id: string }[];
  const zone = zoneWithLocalTimeBetween(new Date(), 9 * 60, 18 * 60);
  const campaignIds: string[] = [];
  for (const [language, scriptId] of [['en', null], ['es', spanish!.id]] as const) {
    const [campaign] = (await db.query(
      `INSERT INTO campaigns (organization_id, name, script_id, call_settings) VALUES ($1, $2, $3, $4) RETURNING id`,
      [org!.id, `Voice bench (${language})`, scriptId, JSON.stringify({ maxConcurrentCalls: 3, callIntervalMs: 0, retryAttempts: 0, callTimeoutSeconds: 15, breakerMinCalls: 100000 })],
    )) as { id: string }[];
    for (const n of numbers.filter((x) => x.language === language)) {
      await db.query(
        `INSERT INTO contacts (organization_id, campaign_id, first_name, phone, timezone, timezone_source) VALUES ($1, $2, 'Sam', $3, $4, 'contact')`,
        [org!.id, campaign!.id, n.phone, zone],
      );
    }
    await client.workflow.start(campaignWorkflow, {
      taskQueue: config.temporal.taskQueue,
      workflowId: campaignWorkflowId(campaign!.id),
      args: [{ campaignId: campaign!.id }],
      typedSearchAttributes: [
        { key: CampaignIdKey, value: campaign!.id },
        { key: OrganizationIdKey, value: org!.id },
      ],
    });
    campaignIds.push(campaign!.id);
  }
  // Callbacks keep a campaign open: wait for every call to end instead, then end the runs.
  for (;;) {
    // PostgreSQL restarting for a moment (another benchmark's chaos) is waited out, not the end of the run.
    const [{ open }] = (await retried(() => db.query(
      `SELECT count(*) FILTER (WHERE c.id IS NULL OR c.status NOT IN ('completed', 'failed', 'not_dialed'))::int AS open
         FROM contacts ct LEFT JOIN calls c ON c.contact_id = ct.id WHERE ct.organization_id = $1`,
      [org!.id],
    ))) as [{ open: number }];
    if (open === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  for (const id of campaignIds) {
    // A run without a callback pending has completed on its own.
    await client.workflow
      .getHandle(campaignWorkflowId(id))
      .terminate('voice bench done')
      .catch((error: unknown) => {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      });
  }

  const rows = (await db.query(
    `SELECT ct.phone, c.outcome,
            (SELECT e.event_data FROM call_events e WHERE e.call_id = c.id AND e.event_type = 'ai_conversation'
                AND e.event_data->>'user_input' NOT IN ('', '[no answer]', '[answering machine]') ORDER BY e.timestamp, e.id LIMIT 1) AS heard
       FROM calls c JOIN contacts ct ON ct.id = c.contact_id WHERE c.organization_id = $1`,
    [org!.id],
  )) as { phone: string; outcome: string; heard: { user_input: string; intent: string } | null }[];
  const byPhone = new Map(rows.map((r) => [r.phone, r]));

  const answerToAudio = { person: [] as number[], machine: [] as number[] };
  // The greeting plays while the opening's Update runs: that Update is a step beside the line, not in it.
  const openingSteps = new Steps(['answer', 'session', 'greeting-voiced', 'greeting-play', 'audio']);
  const openingUpdate = new Steps(['session', 'decided']);
  const turnSteps = new Steps(['end of speech', 'heard', 'transcribed', 'replied', 'reply-voiced', 'reply-play', 'audio']);
  const classifiedRight = { person: 0, machine: 0 };
  const timelineOf = (phone: string) => [...timelines.entries()].find(([name]) => name.startsWith(`Local/${phone}@`))?.[1];
  for (const n of numbers.filter((x) => x.kind !== 'phrase')) {
    const kind = n.kind as 'person' | 'machine';
    const call = byPhone.get(n.phone);
    if ((call?.outcome === 'voicemail') === (kind === 'machine')) classifiedRight[kind]++;
    const t = timelineOf(n.phone);
    if (t?.answeredAt && t.aiAudio[0]) {
      answerToAudio[kind].push(t.aiAudio[0] - t.answeredAt);
      openingSteps.add([t.answeredAt, t.moments.session?.[0], t.moments['greeting-voiced']?.[0], t.moments['greeting-play']?.[0], t.aiAudio[0]]);
      openingUpdate.add([t.moments.session?.[0], t.moments.decided?.[0]]);
    }
  }

  const speechEnds = new Map(spoken.map((p) => [p.id, speechEndMs(join(soundsDir(), `${p.id}.wav`))]));
  const endOfSpeechToReply: number[] = [];
  const slowestTurns: { phrase: string; turnMs: number; heardMs?: number; repliedMs?: number }[] = [];
  const accuracy = new Map<string, { phrases: number; right: number; heardNothing: number }>();
  const misheard: string[] = [];
  for (const p of spoken) {
    const call = byPhone.get(`+12025558${p.id}`);
    const key = `${p.language} ${p.intent}`;
    const tally = accuracy.get(key) ?? { phrases: 0, right: 0, heardNothing: 0 };
    tally.phrases++;
    const intent = call?.heard?.intent ?? 'unclear';
    if (intent === p.intent) tally.right++;
    if (!call?.heard) tally.heardNothing++;
    if (intent !== p.intent) misheard.push(`${p.id} "${p.text}" → "${call?.heard?.user_input ?? ''}" (${intent}, expected ${p.intent})`);
    accuracy.set(key, tally);
    // A silent customer ends no speech: their turns end at the listening time, not at an endpoint.
    if (!p.text) continue;
    const t = timelineOf(`+12025558${p.id}`);
    for (const said of t?.customerSpeech ?? []) {
      const end = said.at + speechEnds.get(said.phrase)!;
      const reply = t!.aiAudio.find((at) => at > end);
      if (!reply) continue;
      endOfSpeechToReply.push(reply - end);
      const after = (moment: ConversationMoment, from: number) => t!.moments[moment]?.find((at) => at >= from);
      const heard = after('heard', end);
      const transcribed = heard && after('transcribed', heard);
      const replied = transcribed && after('replied', transcribed);
      const voiced = replied && after('reply-voiced', replied);
      const play = voiced && after('reply-play', voiced);
      turnSteps.add([end, heard, transcribed, replied, voiced, play, reply]);
      slowestTurns.push({ phrase: `${p.id} "${p.text}"`, turnMs: round(reply - end), heardMs: heard && round(heard - end), repliedMs: replied && round(replied - end) });
    }
  }

  console.log('answer → first AI audio (detection included)');
  console.table([
    { callee: 'people', ...summary(answerToAudio.person), classifiedRight: `${classifiedRight.person}/${Math.min(each, 10)}` },
    { callee: 'answering machines', ...summary(answerToAudio.machine), classifiedRight: `${classifiedRight.machine}/${Math.min(each, 10)}` },
  ]);
  console.log('customer end of speech → first audio of the reply');
  console.table([summary(endOfSpeechToReply)]);
  console.log('where the time goes: answer → first AI audio, step by step (calls with every moment)');
  console.table(openingSteps.table());
  console.log('beside it: the startConversation Update (the greeting plays meanwhile, unless the call is recorded)');
  console.table(openingUpdate.table());
  console.log('where the time goes: end of speech → reply, step by step (turns with every moment)');
  console.table(turnSteps.table());
  console.log('the slowest turns (the moments as times after the end of speech; none: the turn was not heard)');
  console.table(slowestTurns.sort((a, b) => b.turnMs - a.turnMs).slice(0, 5));
  console.log('recogniser accuracy by intent (the first turn it heard anything in, understood by the rules)');
  const accuracyRows = [...accuracy.entries()].sort().map(([key, t]) => ({ intent: key, ...t, share: `${Math.round((100 * t.right) / t.phrases)} %` }));
  const total = (language: string) => accuracyRows.filter((r) => r.intent.startsWith(language)).reduce((sum, r) => ({ phrases: sum.phrases + r.phrases, right: sum.right + r.right }), { phrases: 0, right: 0 });
  console.table(accuracyRows);
  for (const language of ['en', 'es']) console.log(`${language}: ${total(language).right}/${total(language).phrases} right`);
  console.log(`misheard:\n  ${misheard.join('\n  ')}`);

  await connection.close();
  await worker.stop();
  watcher.stop();
  await db.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
