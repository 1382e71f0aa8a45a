import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Client as TemporalClient, WorkflowNotFoundError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities } from '../../../activities';
import { CallRuns } from '../../../activities/call-runs';
import { type AppConfig, connectTemporal } from '../../../libs/config/src';
import {
  agentConnectedSignal,
  agentUnavailableUpdate,
  answeringMachineUpdate,
  callWorkflowId,
  channelEventsSignal,
  conversationEndedSignal,
  conversationTurnUpdate,
  declineRecordingUpdate,
  resumeConversationUpdate,
  startConversationUpdate,
} from '../../../libs/contracts/src';
import { type ConversationTrace, type SpeechInput, createConversationHandler } from '../../../libs/conversation/src';
import { createAgentHandoff } from '../../../libs/conversation/src/agent-handoff';
import {
  CallAttempts,
  CallRecordingRepository,
  CampaignRepository,
  ContactQueue,
  DncRepository,
  OrganizationDialLimits,
  ReanalysisRepository,
  WebhookRepository,
  createDataSource,
} from '../../../libs/db/src';
import { RecordingFiles, deleteExpiredRecordings } from '../../../libs/recordings/src';
import {
  AudioServer,
  EspeakTtsEngine,
  FallbackTtsEngine,
  OpenAiTtsEngine,
  TelnyxTtsEngine,
  type TtsEngine,
} from '../../../libs/speech/src/tts';
import { DeepgramStt, OpenAiCompatibleStt, PocketsphinxStt, TelnyxStt } from '../../../libs/speech/src/stt';
import { AgiPool, agiPoolVariable } from '../../../libs/telephony/src/agi-pool';
import { AriAgentConnections } from '../../../libs/telephony/src/ari-agent-connections';
import { AriEventBridge } from '../../../libs/telephony/src/ari-event.bridge';
import { AriMachineDetector } from '../../../libs/telephony/src/ari-machine-detector';
import { AriRecordings } from '../../../libs/telephony/src/ari-recordings';
import { AriTelephonyGateway } from '../../../libs/telephony/src/ari-telephony.gateway';
import { connectAri } from '../../../libs/telephony/src/connect-ari';
import { CallRecorder } from '../../../libs/telephony/src/call-recorder';
import { AudioSocketServer } from '../../../libs/telephony/src/audiosocket/audio-socket.server';
import { FastAgiServer } from '../../../libs/telephony/src/fastagi';
import { CampaignLauncher } from '../../../libs/scheduling/src';
import { WebhookDispatcher } from '../../../libs/webhooks/src';
import { activityLogContext, serveWorkerMetrics, timedTurns, withCallLogContext } from './worker-observability';
import { probeReadiness } from '../../../libs/observability/src';
import { setUpTemporal } from './temporal-setup';
import { workflowCode } from './workflow-bundle';

const READINESS_TIMEOUT_MS = 3_000;
/** Above the time a task waits for this worker when it is busy (p99 about 1.3 s at full dial rate, bench/README.md). */
const STICKY_QUEUE_TIMEOUT = '3s';
/** Beyond AMD's own analysis time (5 s after answer): its verdict normally comes first. */
const MACHINE_DETECTION_TIMEOUT_MS = 6_000;

/**
 * Everything the worker role runs: the Temporal worker (workflows + activities), the ARI event bridge,
 * the FastAGI conversation server and the audio server Asterisk fetches speech from.
 */
export class DialerWorker {
  private readonly logger = new Logger(DialerWorker.name);
  private running?: Promise<void>;
  private readonly closers: (() => Promise<void>)[] = [];

  constructor(
    private readonly config: AppConfig,
    /** Told of each conversation's moments (bench/voice.ts times them). */
    private readonly conversationTrace?: ConversationTrace,
  ) {}

  async start(): Promise<void> {
    const { config } = this;
    const dataSource: DataSource = createDataSource(config.databaseUrl);
    await dataSource.initialize();
    this.closers.unshift(() => dataSource.destroy());

    // One native connection for the worker and for the signals and updates this process sends: its gRPC
    // work runs in the SDK's Rust threads, off the event loop that carries the ARI events.
    const connection = await connectTemporal(config.temporal, (options) => NativeConnection.connect(options));
    this.closers.unshift(() => connection.close());
    // Before polling: a workflow that sets an unregistered search attribute fails its tasks until it exists.
    await setUpTemporal(connection, config.temporal.namespace, this.logger);
    const temporal = new TemporalClient({ connection, namespace: config.temporal.namespace });

    const ariClient = await connectAri(config.ari.url, config.ari.user, config.ari.password);
    // An application of this process's own: Asterisk removes an application when one of its WebSockets
    // closes, so workers sharing one name would all lose their events (and their snoop channels) when one dies.
    const ariApp = `${config.ari.app}-${randomUUID().slice(0, 8)}`;
    const asteriskRecordings = new AriRecordings(config.ari.url, config.ari.user, config.ari.password);
    const tts = ttsFrom(config, this.logger);
    await tts.checkAvailable();
    const speech = sttFrom(config);
    await speech?.stt.checkAvailable?.();
    if (speech) {
      // Spoken turns hear the callee live, so a turn ends as the customer stops speaking.
      const audioSocket = new AudioSocketServer(this.logger);
      const port = await audioSocket.listen(config.audioSocket.port, config.audioSocket.host);
      this.closers.unshift(() => audioSocket.close());
      speech.live = { open: (sink) => audioSocket.open(sink), address: config.audioSocket.publicAddress ?? `${config.audioSocket.host}:${port}` };
    }
    // Ready while Asterisk, PostgreSQL and Temporal answer and the worker polls (compose's healthcheck asks).
    let temporalWorker: Worker | undefined;
    const ready = () =>
      probeReadiness(
        {
          asterisk: () => ariClient.asterisk.getInfo(),
          postgres: () => dataSource.query('SELECT 1'),
          temporal: async () => {
            const state = temporalWorker?.getState() ?? 'not created';
            if (state !== 'RUNNING') throw new Error(`worker ${state}`);
          },
        },
        READINESS_TIMEOUT_MS,
      );
    const audio = new AudioServer({ directory: config.tts.cacheDir, baseUrl: config.audio.baseUrl, ready });
    await audio.listen(config.audio.port, config.audio.host);
    this.closers.unshift(() => audio.close());
    const closeMetrics = await serveWorkerMetrics(config, this.logger);
    if (closeMetrics) this.closers.unshift(closeMetrics);

    const agi = new FastAgiServer(
      withCallLogContext(createConversationHandler({
        port: timedTurns({
          // Stable update ids: a request the client sends again after a lost reply is answered, not run twice.
          startConversation: (workflowId, answeredBy) =>
            temporal.workflow.getHandle(workflowId).executeUpdate(startConversationUpdate, { args: [{ answeredBy }], updateId: 'conversation-start' }),
          resumeConversation: (workflowId, rescue) =>
            temporal.workflow.getHandle(workflowId).executeUpdate(resumeConversationUpdate, { updateId: `conversation-resume-${rescue}` }),
          answeringMachine: (workflowId) =>
            temporal.workflow.getHandle(workflowId).executeUpdate(answeringMachineUpdate, { updateId: 'conversation-machine' }),
          turn: (workflowId, turn, customer) =>
            temporal.workflow.getHandle(workflowId).executeUpdate(conversationTurnUpdate, { args: [customer], updateId: `conversation-turn-${turn}` }),
          declineRecording: (workflowId, customer) =>
            temporal.workflow.getHandle(workflowId).executeUpdate(declineRecordingUpdate, { args: [customer], updateId: 'recording-declined' }),
          conversationEnded: (workflowId, outcome) =>
            temporal.workflow.getHandle(workflowId).signal(conversationEndedSignal, { outcome }),
        }),
        tts,
        detector: new AriMachineDetector(ariClient, ariApp, MACHINE_DETECTION_TIMEOUT_MS, this.logger),
        recorder: new CallRecorder(config.conversation.recordingDir, asteriskRecordings),
        audioUrl: (id) => audio.urlFor(id),
        listenTimeoutMs: config.conversation.listenTimeoutMs,
        speech,
        handoff: createAgentHandoff({
          port: {
            agentConnected: (workflowId, connected) => temporal.workflow.getHandle(workflowId).signal(agentConnectedSignal, connected),
            agentUnavailable: (workflowId, unanswered) =>
              temporal.workflow.getHandle(workflowId).executeUpdate(agentUnavailableUpdate, { args: [unanswered], updateId: 'agent-unavailable' }),
          },
          tts,
          connections: new AriAgentConnections(ariClient),
          audioUrl: (id) => audio.urlFor(id),
          logger: this.logger,
        }),
        logger: this.logger,
        trace: this.conversationTrace,
      })),
      this.logger,
    );
    const agiPort = await agi.listen(config.agi.port, config.agi.host);
    this.closers.unshift(() => agi.close());
    const agiUrl = config.agi.publicUrl ?? `agi://${config.agi.host}:${agiPort}/conversation`;
    // Listed for the dialplan: should another worker die mid-conversation, this one can pick the call up.
    const poolVariable = agiPoolVariable(config.temporal.namespace, config.temporal.taskQueue);
    const agiPool = new AgiPool(ariClient, poolVariable, agiUrl, this.logger);
    const bridge = new AriEventBridge(
      ariClient,
      ariApp,
      async (attempt, events) => {
        try {
          await temporal.workflow.getHandle(callWorkflowId(attempt)).signal(channelEventsSignal, events);
        } catch (error) {
          // An event for an attempt whose workflow already ended carries nothing new.
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        }
      },
      this.logger,
      (channelId, holder) => agiPool.follows(channelId, holder),
    );
    await bridge.start();
    this.closers.unshift(async () => {
      await bridge.drain();
      bridge.stop();
    });
    // Joins once its events flow: a conversation picked up here needs them (and its snoop channels).
    await agiPool.join();
    this.closers.unshift(() => agiPool.leave());

    const webhooks = new WebhookRepository(dataSource);
    const webhookDispatcher = new WebhookDispatcher(temporal, webhooks, { taskQueue: config.temporal.taskQueue, retry: config.webhooks.retry });

    const campaigns = new CampaignRepository(dataSource);
    const contactQueue = new ContactQueue(dataSource);
    const callRecordings = new CallRecordingRepository(dataSource);
    const recordingFiles = new RecordingFiles(config.recordings.dir);
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      // A worker that dies leaves its calls' next workflow tasks on its own queue until this runs out: that is the
      // silence a customer hears before another worker resumes the conversation (10 s by default).
      stickyQueueScheduleToStartTimeout: STICKY_QUEUE_TIMEOUT,
      ...workflowCode(),
      interceptors: { activity: [activityLogContext] },
      activities: createActivities({
        calls: new CallAttempts(dataSource),
        callRecordings,
        asteriskRecordings,
        recordingFiles,
        campaigns,
        contactQueue,
        dnc: new DncRepository(dataSource),
        organizationLimits: new OrganizationDialLimits(dataSource),
        telephony: new AriTelephonyGateway(ariClient),
        callDefaults: config.callDefaults,
        callRuns: new CallRuns(temporal),
        dialing: config.dialing,
        agiUrl,
        agiPoolVariable: poolVariable,
        tts,
        conversation: config.conversation,
        webhooks,
        webhookDispatcher,
        campaignLauncher: new CampaignLauncher(temporal, campaigns, contactQueue, config.temporal.taskQueue),
        reanalyses: new ReanalysisRepository(dataSource),
      }),
    });
    temporalWorker = worker;
    this.running = worker.run();
    this.closers.unshift(async () => {
      // On SIGINT or SIGTERM the SDK has begun its own graceful shutdown; a second request would be refused.
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await this.running;
    });
    this.startWebhookSweep(webhookDispatcher);
    this.startPeriodic('recording retention sweep', config.recordings.sweepIntervalMs, async () => {
      const deleted = await deleteExpiredRecordings(callRecordings, recordingFiles);
      if (deleted > 0) this.logger.log(`recording retention sweep deleted ${deleted} recordings`);
    });
    this.logger.log(`worker polling task queue ${config.temporal.taskQueue}`);
  }

  /**
   * Deliveries are started by the activity that wrote the event, right after its commit. A process that died
   * in between, or a Temporal that did not answer, leaves the event undispatched: this sweep starts it, at
   * start-up and then periodically (every worker may sweep: a delivery's workflow id admits one start).
   */
  private startWebhookSweep(dispatcher: WebhookDispatcher): void {
    const { sweepIntervalMs, sweepGraceMs } = this.config.webhooks;
    this.startPeriodic('webhook sweep', sweepIntervalMs, async () => {
      const started = await dispatcher.dispatchPending(sweepGraceMs);
      if (started > 0) this.logger.log(`webhook sweep started ${started} deliveries`);
    });
  }

  /**
   * Runs `work` at start-up and then every `intervalMs` (0: never). Its state is in the database, so any
   * worker's next run finishes what a dead one left. The next run is scheduled when one ends, so a slow
   * run never overlaps the next.
   */
  private startPeriodic(name: string, intervalMs: number, work: () => Promise<void>): void {
    if (intervalMs === 0) return;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> = Promise.resolve();
    const run = () => {
      running = work()
        .catch((error: unknown) => this.logger.warn(`${name} failed: ${String(error)}`))
        .finally(() => {
          if (!stopped) timer = setTimeout(run, intervalMs);
        });
    };
    run();
    this.closers.unshift(async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    });
  }

  /** Resolves when the Temporal worker stops; rejects if it fails. */
  async whenStopped(): Promise<void> {
    await this.running;
  }

  async stop(): Promise<void> {
    for (const close of this.closers.splice(0)) {
      await close().catch((error: unknown) => this.logger.error('shutdown step failed', error));
    }
  }
}

/** eSpeak, or the configured cloud voice with eSpeak speaking whatever it fails on. */
function ttsFrom(config: AppConfig, logger: Logger): TtsEngine {
  const { cacheDir, voice, language, cloud } = config.tts;
  const espeak = new EspeakTtsEngine({ cacheDir, voice, language });
  if (!cloud) return espeak;
  const primary = cloud.engine === 'telnyx' ? new TelnyxTtsEngine({ ...cloud, cacheDir }) : new OpenAiTtsEngine({ ...cloud, cacheDir });
  return new FallbackTtsEngine(primary, espeak, logger);
}

/** The configured speech-to-text engine with Asterisk's recordings, or none: then turns are key presses alone. */
function sttFrom(config: AppConfig): SpeechInput | undefined {
  const stt = config.conversation.stt;
  if (!stt) return undefined;
  return {
    stt:
      stt.engine === 'pocketsphinx'
        ? new PocketsphinxStt({ modelDir: stt.modelDir, workDir: join(tmpdir(), 'ai-dialer-stt'), timeoutMs: stt.timeoutMs })
        : stt.engine === 'openai'
          ? new OpenAiCompatibleStt(stt)
          : stt.engine === 'telnyx'
            ? new TelnyxStt(stt)
            : new DeepgramStt(stt),
    recordings: new AriRecordings(config.ari.url, config.ari.user, config.ari.password),
    recordingDir: config.conversation.recordingDir,
    endOfSpeechMs: config.conversation.endOfSpeechMs,
  };
}
