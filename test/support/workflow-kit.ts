/**
 * Workflow tests with mocked activities on the real Temporal dev server: a fake dialer that keeps a small
 * in-memory contact queue, answers every activity the two workflows call, drives the channel events a
 * scripted line would produce, and logs each call with its wall-clock time.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundleWithSourceMap, bundleWorkflowCode } from '@temporalio/worker';
import type { Activities } from '../../activities';
import { type CallReport, CallRuns } from '../../activities/call-runs';
import { historyToJson } from './history-json';
import {
  ANSWERED_OUTCOMES,
  type CallSettings,
  type CampaignProgress,
  type CampaignRun,
  type CampaignStateChange,
  type ChannelEvent,
  type ClaimResult,
  type ClaimedContact,
  type CompleteCallInput,
  type CompletedCall,
  type ComplianceDecision,
  type ComplianceReason,
  type GateAndDialInput,
  type GateAndDialResult,
  type ReserveCallInput,
  type ReservedCall,
  type TurnResult,
  channelEventsSignal,
} from '../../libs/contracts/src';

export const TEMPORAL_ADDRESS = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';

/** Short enough for tests; the breaker needs five attempts before it judges. */
export const TEST_SETTINGS: CallSettings = {
  maxConcurrentCalls: 2,
  callIntervalMs: 0,
  retryAttempts: 0,
  retryDelayMinutes: 0,
  callTimeoutSeconds: 1,
  maxCallSeconds: 60,
  breakerFailureRate: 0.5,
  breakerWindow: 10,
  breakerMinCalls: 5,
};

type LineEvent = ChannelEvent extends infer E ? (E extends ChannelEvent ? Omit<E, 'at'> : never) : never;

/** How the line of one contact behaves. */
export interface LineScript {
  /** The gate's verdict per attempt, in order; the last one repeats. Default: allowed. */
  gate?: ComplianceReason[];
  /** Channel events the originate sends (as the ARI bridge would), in order, before it returns. */
  events?: LineEvent[];
  /** What a channel lookup finds. Default: nothing (the channel is gone). */
  channel?: { state: string } | null;
  /** Events that arrive just after the workflow looked the channel up (late ones). Default: none. */
  onLookup?: LineEvent[];
  /** Events the channel sends when the workflow hangs it up. Default: a normal clearing hang-up. */
  onHangup?: LineEvent[];
  /** What the conversation turn decides. */
  turnOutcome?: TurnResult['outcome'];
  /** The campaign records its calls: the opening starts a recording. */
  recorded?: boolean;
  /** What the dialplan's rescue left for the call, had no worker taken its conversation over. */
  rescued?: 'opted_out' | 'failed';
}

export const LINES = {
  busy: { events: [{ type: 'dial', dialStatus: 'BUSY' }, { type: 'hangup', cause: 17, causeText: 'User busy' }] },
  congestion: { events: [{ type: 'dial', dialStatus: 'CONGESTION' }, { type: 'hangup', cause: 34, causeText: 'Circuit/channel congestion' }] },
  /** Answered and hung up at once: a very short call. */
  answeredAndHungUp: { events: [{ type: 'answered' }, { type: 'hangup', cause: 16, causeText: 'Normal Clearing' }] },
  /** Answered; the call lasts until the test sends the hang-up. */
  answered: { events: [{ type: 'answered' }] },
} satisfies Record<string, LineScript>;

export type LogEntry =
  | { kind: 'load'; at: number; fresh: boolean }
  | { kind: 'record'; at: number; status: CampaignStateChange['status']; reason: string | null }
  | { kind: 'claim'; at: number; limit: number; contactIds: string[] }
  | { kind: 'release'; at: number; contactIds: string[] }
  | { kind: 'resume'; at: number; callId: string; turn: number }
  | { kind: 'saveSettings'; at: number; patch: Partial<CallSettings> }
  | { kind: 'reserve'; at: number; workflowId: string; contactId: string }
  | { kind: 'gate'; at: number; contactId: string; reason: ComplianceReason }
  | { kind: 'originate'; at: number; contactId: string; channelId: string }
  | { kind: 'answered'; at: number; callId: string }
  | { kind: 'lookup'; at: number; channelId: string }
  | { kind: 'hangup'; at: number; channelId: string }
  | { kind: 'analyze'; at: number; callId: string; outcome: string; durationSeconds: number }
  | { kind: 'declineRecording'; at: number; callId: string; turn: number }
  | { kind: 'storeRecording'; at: number; callId: string }
  | { kind: 'complete'; at: number; input: CompleteCallInput };

type Kind = LogEntry['kind'];
export type EntryOf<K extends Kind> = Extract<LogEntry, { kind: K }>;

interface Contact extends ClaimedContact {
  script: LineScript;
}

/** The activities of one campaign (or one lone call) over an in-memory queue. */
export class FakeDialer {
  readonly campaignId = randomUUID();
  readonly organizationId = randomUUID();
  readonly log: LogEntry[] = [];
  settings: CallSettings;
  /** Called inside recordCampaignState, before it returns: lets a test act while the write is in flight. */
  onRecord?: (change: CampaignStateChange) => Promise<void>;
  private readonly contacts = new Map<string, Contact>();
  private readonly due: string[] = [];
  private readonly claimed = new Set<string>();
  private readonly gateCalls = new Map<string, number>();

  constructor(
    private readonly client: Client,
    settings: Partial<CallSettings> = {},
  ) {
    this.settings = { ...TEST_SETTINGS, ...settings };
  }

  /** Adds contacts to the queue, due now, and returns their ids. */
  addContacts(...scripts: LineScript[]): string[] {
    return scripts.map((script) => {
      const contactId = randomUUID();
      this.contacts.set(contactId, { contactId, attempt: 1, phone: `+1202555${String(this.contacts.size).padStart(4, '0')}`, script });
      this.due.push(contactId);
      return contactId;
    });
  }

  entries<K extends Kind>(kind: K): EntryOf<K>[] {
    return this.log.filter((e): e is EntryOf<K> => e.kind === kind);
  }

  /** Statuses recorded on the campaign row, in order. */
  recorded(): string[] {
    return this.entries('record').map((r) => r.status);
  }

  private note(entry: LogEntry): void {
    this.log.push(entry);
  }

  private progress(): CampaignProgress {
    return { totalContacts: this.contacts.size, pendingContacts: this.due.length + this.claimed.size, nextDueAt: null };
  }

  private contact(contactId: string): Contact {
    const contact = this.contacts.get(contactId);
    if (!contact) throw new Error(`unknown contact ${contactId}`);
    return contact;
  }

  private contactOfChannel(channelId: string): Contact {
    const contact = [...this.contacts.values()].find((c) => channelId.endsWith(`-${c.contactId}-${c.attempt}`));
    if (!contact) throw new Error(`unknown channel ${channelId}`);
    return contact;
  }

  private async send(workflowId: string, events: LineEvent[]): Promise<void> {
    const handle = this.client.workflow.getHandle(workflowId);
    await handle.signal(channelEventsSignal, events.map((event) => ({ ...event, at: new Date().toISOString() }) as ChannelEvent));
  }

  /** Sends a channel event to a call, as the ARI bridge would. */
  async channelEvent(contactId: string, event: LineEvent): Promise<void> {
    const workflowId = this.entries('reserve').find((r) => r.contactId === contactId)?.workflowId;
    if (!workflowId) throw new Error(`contact ${contactId} has no call yet`);
    await this.send(workflowId, [event]);
  }

  activities() {
    const workflowOfChannel = new Map<string, string>();
    return {
      loadCampaignRun: async (input: { campaignId: string; fresh: boolean }): Promise<CampaignRun> => {
        this.note({ kind: 'load', at: Date.now(), fresh: input.fresh });
        return { organizationId: this.organizationId, name: 'Test campaign', settings: this.settings, recovered: 0 };
      },
      recordCampaignState: async (change: CampaignStateChange): Promise<void> => {
        this.note({ kind: 'record', at: Date.now(), status: change.status, reason: change.reason });
        await this.onRecord?.(change);
      },
      claimDueContacts: async (input: { campaignId: string; claimToken: string; limit: number; withProgress: boolean }): Promise<ClaimResult> => {
        const ids = this.due.splice(0, input.limit);
        for (const id of ids) this.claimed.add(id);
        this.note({ kind: 'claim', at: Date.now(), limit: input.limit, contactIds: ids });
        const contacts = ids.map((id) => ({ contactId: id, attempt: this.contact(id).attempt, phone: this.contact(id).phone }));
        return { contacts, progress: input.withProgress || ids.length === 0 ? this.progress() : null };
      },
      callReports: (workflowIds: string[]): Promise<CallReport[]> => new CallRuns(this.client).reports(workflowIds),
      releaseContacts: async (input: { claimToken: string; contactIds: string[] }): Promise<void> => {
        this.note({ kind: 'release', at: Date.now(), contactIds: input.contactIds });
        for (const id of input.contactIds) this.claimed.delete(id);
        this.due.unshift(...input.contactIds);
      },
      campaignProgress: async (): Promise<CampaignProgress> => this.progress(),
      saveCallSettings: async (input: { campaignId: string; patch: Partial<CallSettings> }): Promise<CallSettings> => {
        this.note({ kind: 'saveSettings', at: Date.now(), patch: input.patch });
        this.settings = { ...this.settings, ...input.patch };
        return this.settings;
      },

      reserveCallAttempt: async (input: ReserveCallInput): Promise<ReservedCall> => {
        this.note({ kind: 'reserve', at: Date.now(), workflowId: input.workflowId, contactId: input.contactId });
        workflowOfChannel.set(input.channelId, input.workflowId);
        const contact = this.contact(input.contactId);
        return {
          callId: `${input.contactId}/${input.attempt}`,
          organizationId: this.organizationId,
          phone: contact.phone,
          timezone: 'Europe/Berlin',
          callingWindow: null,
          callerId: '+12025550000',
          greeting: 'Hello',
          language: 'en-US',
          settings: this.settings,
          finishedOutcome: null,
        };
      },
      gateAndDial: async (input: GateAndDialInput): Promise<GateAndDialResult> => {
        const n = this.gateCalls.get(input.contactId) ?? 0;
        this.gateCalls.set(input.contactId, n + 1);
        const gate = this.contact(input.contactId).script.gate ?? ['ok'];
        const reason = gate[Math.min(n, gate.length - 1)] ?? 'ok';
        this.note({ kind: 'gate', at: Date.now(), contactId: input.contactId, reason });
        const compliance: ComplianceDecision = { allowed: reason === 'ok', reason, checkedAt: new Date().toISOString(), retryAt: null, evidence: {} };
        if (!compliance.allowed) return { kind: 'gated', compliance, dial: null };
        const contact = this.contactOfChannel(input.channelId);
        this.note({ kind: 'originate', at: Date.now(), contactId: contact.contactId, channelId: input.channelId });
        await this.send(input.workflowId, contact.script.events ?? []);
        return { kind: 'gated', compliance, dial: { kind: 'accepted', dialedAt: new Date().toISOString() } };
      },
      markCallAnswered: async (input: { callId: string; answeredAt: string }): Promise<void> => {
        this.note({ kind: 'answered', at: Date.now(), callId: input.callId });
      },
      lookupChannel: async (channelId: string) => {
        this.note({ kind: 'lookup', at: Date.now(), channelId });
        const { channel, onLookup } = this.contactOfChannel(channelId).script;
        const workflowId = workflowOfChannel.get(channelId);
        if (workflowId && onLookup) setTimeout(() => void this.send(workflowId, onLookup).catch(() => undefined), 10);
        return channel ? { id: channelId, state: channel.state } : null;
      },
      hangupChannel: async (channelId: string): Promise<void> => {
        this.note({ kind: 'hangup', at: Date.now(), channelId });
        const workflowId = workflowOfChannel.get(channelId);
        const events = this.contactOfChannel(channelId).script.onHangup ?? [{ type: 'hangup', cause: 16, causeText: 'Normal Clearing' }];
        // The hang-up event follows the request, as it does from Asterisk.
        if (workflowId) setTimeout(() => void this.send(workflowId, events).catch(() => undefined), 10);
      },
      completeCall: async (input: CompleteCallInput): Promise<CompletedCall> => {
        this.note({ kind: 'complete', at: Date.now(), input });
        this.claimed.delete(input.contactId);
        if (input.compliance?.allowed === false && input.compliance.reason === 'campaign_stopped') {
          // As the real gate does: the contact goes back to the queue, for the next attempt.
          const contact = this.contact(input.contactId);
          contact.attempt += 1;
          this.due.push(input.contactId);
          return { contactStatus: 'retry' };
        }
        return { contactStatus: ANSWERED_OUTCOMES.includes(input.outcome) ? 'contacted' : 'failed' };
      },
      openConversation: async (input: { callId: string }): Promise<{ speech: string[]; recording?: { name: string } }> =>
        this.contact(input.callId.split('/')[0]!).script.recorded ? { speech: ['Hello', 'This call is recorded'], recording: { name: `rec-${input.callId}` } } : { speech: ['Hello'] },
      declineRecording: async (input: { callId: string; turn: number }): Promise<{ reply: string }> => {
        this.note({ kind: 'declineRecording', at: Date.now(), callId: input.callId, turn: input.turn });
        return { reply: 'No longer recorded' };
      },
      resumeConversation: async (input: { callId: string; turn: number }): Promise<{ speech: string[] }> => {
        this.note({ kind: 'resume', at: Date.now(), callId: input.callId, turn: input.turn });
        return { speech: ['Sorry, we lost the line', 'Hello'] };
      },
      answerLeftByDialplan: async (channelId: string): Promise<{ answeredAt: string; endedAt: string } | null> => {
        if (!this.contactOfChannel(channelId).script.rescued) return null;
        // As the dialplan leaves them: a call answered 9 s before its hang-up, both before this look.
        const endedAt = Date.now() - 1_000;
        return { answeredAt: new Date(endedAt - 9_000).toISOString(), endedAt: new Date(endedAt).toISOString() };
      },
      settleRescuedCall: async (input: { callId: string }): Promise<'opted_out' | 'failed' | null> =>
        this.contact(input.callId.split('/')[0]!).script.rescued ?? null,
      storeRecording: async (input: { callId: string }): Promise<{ stored: boolean }> => {
        this.note({ kind: 'storeRecording', at: Date.now(), callId: input.callId });
        return { stored: true };
      },
      runConversationTurn: async (input: { callId: string; turn: number }): Promise<TurnResult> => {
        const contact = this.contact(input.callId.split('/')[0]!);
        return { reply: 'Thank you', end: true, outcome: contact.script.turnOutcome ?? null, callbackAt: null, unclear: false };
      },
      analyzeCall: async (input: { callId: string; outcome: string; durationSeconds: number }): Promise<void> => {
        this.note({ kind: 'analyze', at: Date.now(), ...input });
      },
    } satisfies Partial<Activities>;
  }
}

/** The SDK logs every worker state change at INFO; tests only need warnings. Once per process. */
function quietRuntime(): void {
  try {
    const shown = new DefaultLogger('WARN');
    // A lone call's campaign does not exist in these tests: its warning about that is expected.
    const logger = new DefaultLogger('WARN', (entry) => {
      if (!entry.message.startsWith('campaign workflow not reachable')) shown.log(entry.level, entry.message, entry.meta);
    });
    Runtime.install({ logger });
  } catch {
    // Already installed by an earlier test file in this process.
  }
}

export interface WorkflowTestKit {
  client: Client;
  /** Runs `test` while a worker with the fake's activities (the dialer's, or another workflow's) serves a task queue of its own. */
  withWorker<T>(fake: { activities(): object }, test: (taskQueue: string) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Bundled once per test file (jest loads this module once per file). */
let bundling: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Connects to a dev server, with the workflows bundled once per test file. */
export async function workflowTestKit(address = TEMPORAL_ADDRESS): Promise<WorkflowTestKit> {
  quietRuntime();
  bundling ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: new DefaultLogger('WARN') });
  const bundle = await bundling;
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address });
  return {
    client,
    async withWorker(fake, test) {
      const taskQueue = `wf-test-${randomUUID()}`;
      const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowBundle: bundle, activities: fake.activities() });
      return worker.runUntil(test(taskQueue));
    },
    async close() {
      await nativeConnection.close();
      await connection.close();
    },
  };
}

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const FIXTURES_DIR = join(__dirname, '../../workflows/__fixtures__');

/** With RECORD_HISTORIES=1, saves the finished workflow's history as a replay fixture. */
export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  writeFileSync(join(FIXTURES_DIR, `${name}.json`), `${historyToJson(await handle.fetchHistory())}\n`);
}
