import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CallOutcome } from '../../contracts/src/domain';
import type { ComplianceReason, OriginateResult } from '../../contracts/src/engine';
import { ActiveCalls } from './active-calls';
import { RecentKeys } from './recent-keys';

/**
 * The worker's metrics (calls, dials, turns) and the API's (its requests), each scraped from its own process: an API
 * never shows call counters it cannot move. Labels never carry tenant data (no organization, campaign, contact or
 * phone): each label below takes a small, fixed set of values.
 */
export const workerMetricsRegistry = new Registry();
export const apiMetricsRegistry = new Registry();

// Process CPU, memory, event-loop lag and GC in both, under their usual names so stock Node.js dashboards work.
collectDefaultMetrics({ register: workerMetricsRegistry });
collectDefaultMetrics({ register: apiMetricsRegistry });

const registers = [workerMetricsRegistry];

export const dialAttempts = new Counter({
  name: 'ai_dialer_dial_attempts_total',
  help: 'Originate requests sent to Asterisk (calls started), whatever Asterisk answered.',
  registers,
});

export const callsAnswered = new Counter({
  name: 'ai_dialer_calls_answered_total',
  help: 'Calls answered, by a person or a machine.',
  registers,
});

export const callOutcomes = new Counter<'outcome'>({
  name: 'ai_dialer_call_outcomes_total',
  help: 'Call attempts recorded as ended, by outcome (blocked: refused by the compliance gate).',
  labelNames: ['outcome'],
  registers,
});

export const complianceRefusals = new Counter<'reason'>({
  name: 'ai_dialer_compliance_refusals_total',
  help: 'Compliance gate decisions that refused a dial, by reason (a call held while its campaign is paused counts each look).',
  labelNames: ['reason'],
  registers,
});

export const ariErrors = new Counter<'operation' | 'kind'>({
  name: 'ai_dialer_ari_errors_total',
  help: 'Originates Asterisk rejected or left ambiguous, and channel events the ARI bridge could not deliver to their call.',
  labelNames: ['operation', 'kind'],
  registers,
});

export const dialStartSeconds = new Histogram({
  name: 'ai_dialer_dial_start_seconds',
  help: 'From the dial step being scheduled after the attempt is reserved (or its pacing slot coming) to Asterisk accepting the originate.',
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers,
});

export const conversationTurnSeconds = new Histogram({
  name: 'ai_dialer_conversation_turn_seconds',
  help: "From the customer's turn reaching the call workflow to its reply coming back (rules or language model).",
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30],
  registers,
});

export const httpRequestSeconds = new Histogram<'method' | 'route' | 'status'>({
  name: 'ai_dialer_http_request_duration_seconds',
  help: 'API requests by method, route template (never the ids in the path) and status code.',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [apiMetricsRegistry],
});

/** Calls this worker process dialed and has not yet seen end. */
export const activeCalls = new ActiveCalls();

new Gauge({
  name: 'ai_dialer_active_calls',
  help: 'Calls this worker dialed that have not ended yet (sum over workers for the whole dialer).',
  registers,
  collect() {
    this.set(activeCalls.count());
  },
});

/** Beyond the ring timeout and the longest call, how long a call may stay counted before it is taken as ended elsewhere. */
const ACTIVE_CALL_GRACE_MS = 2 * 60_000;

/**
 * A call's steps are local activities, which run at least once: one whose workflow task failed after it
 * finished runs again. Answers and ends are counted once per call all the same (re-runs come within minutes).
 */
const countedCalls = new RecentKeys(15 * 60_000);

/** What the call activities report; each is one line at its call site. */
export const callMetrics = {
  /** A gate refusal of one dial. */
  refused(reason: ComplianceReason): void {
    complianceRefusals.inc({ reason });
  },

  /** An originate request went to Asterisk; a channel may exist unless Asterisk rejected it. */
  originated(
    callId: string,
    result: OriginateResult,
    startSeconds: number,
    limits: { callTimeoutSeconds: number; maxCallSeconds: number },
  ): void {
    dialAttempts.inc();
    if (result.kind !== 'accepted') ariErrors.inc({ operation: 'originate', kind: result.kind });
    if (result.kind === 'rejected') return;
    // An ambiguous answer's time is that of a failure (often a timeout), not of a dial start.
    if (result.kind === 'accepted') dialStartSeconds.observe(startSeconds);
    activeCalls.dialed(callId, (limits.callTimeoutSeconds + limits.maxCallSeconds) * 1000 + ACTIVE_CALL_GRACE_MS);
  },

  answered(callId: string): void {
    if (countedCalls.first(`answered ${callId}`)) callsAnswered.inc();
  },

  ended(callId: string, outcome: CallOutcome): void {
    if (countedCalls.first(`ended ${callId}`)) callOutcomes.inc({ outcome });
    activeCalls.ended(callId);
  },

  /** The ARI bridge could not signal a channel's events to its call workflow. */
  eventDeliveryFailed(): void {
    ariErrors.inc({ operation: 'event_delivery', kind: 'failed' });
  },
};

/** Runs one conversation turn and records how long its reply took, failed turns included. */
export async function timeConversationTurn<T>(turn: () => Promise<T>): Promise<T> {
  const stop = conversationTurnSeconds.startTimer();
  try {
    return await turn();
  } finally {
    stop();
  }
}
