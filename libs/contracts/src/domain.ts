/** Domain states shared by the API, the workflows and the activities. */

export const CAMPAIGN_TYPES = ['sales', 'marketing', 'follow_up', 'recruitment'] as const;
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];
/**
 * Written by the campaign's workflow only (start, pause, resume, stop, completion), whoever asked for the
 * change; `paused` and `stopped` also stop dials already on their way: the dial gate reads this status.
 */
export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'stopped', 'completed', 'archived'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const CONTACT_STATUSES = ['new', 'dialing', 'retry', 'contacted', 'failed', 'dnc'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** `not_dialed`: the compliance gate stopped the attempt before any dial (its reason is in `compliance`). */
export const CALL_STATUSES = ['initiated', 'ringing', 'in_progress', 'completed', 'failed', 'not_dialed'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** `transferred`: the AI put the customer through to a person (an agent answered). */
const ANSWERED = ['interested', 'transferred', 'callback', 'not_interested', 'opted_out', 'wrong_person', 'voicemail', 'no_decision', 'hung_up'] as const;

/** What happened on a call. Busy or no answer are results, not errors; `blocked` is a gate refusal. */
export const CALL_OUTCOMES = [...ANSWERED, 'no_answer', 'busy', 'congestion', 'failed', 'blocked'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Someone or something answered: a person (what the conversation decided) or an answering machine. */
export const ANSWERED_OUTCOMES: readonly CallOutcome[] = ANSWERED;

export const POSITIVE_OUTCOMES: readonly CallOutcome[] = ['interested', 'transferred'];

/** Languages a script may speak (BCP 47); the region picks the spoken wording of times and the voice. */
export const SCRIPT_LANGUAGES = ['en-US', 'en-GB', 'es-ES', 'es-MX', 'es-US'] as const;
export type ScriptLanguage = (typeof SCRIPT_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: ScriptLanguage = 'en-US';

export const USER_ROLES = ['admin', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Unanswered or unfinished results that may earn another attempt; `failed` covers congestion too. */
export const RETRYABLE_OUTCOMES = ['busy', 'no_answer', 'failed', 'voicemail'] as const;
export type RetryableOutcome = (typeof RETRYABLE_OUTCOMES)[number];

export interface RetryRule {
  retry: boolean;
  /** Defaults to the campaign's retryDelayMinutes. */
  delayMinutes?: number;
}

/**
 * The seed's per-campaign settings plus the dialer's own. `retryAttempts` counts retries after the first
 * attempt, once per contact whatever the outcomes (budgets never stack); a callback the customer asked
 * for is scheduled on top of it.
 */
export interface CallSettings {
  maxConcurrentCalls: number;
  callIntervalMs: number;
  retryAttempts: number;
  retryDelayMinutes: number;
  callTimeoutSeconds: number;
  maxCallSeconds: number;
  /** Per outcome: whether to retry and after how long. Unset outcomes use the defaults of the dialer. */
  retryPolicy?: Partial<Record<RetryableOutcome, RetryRule>>;
  /** Another attempt for answered calls that ended without a decision (no_decision, hung_up). */
  completionRetry?: { enabled: boolean; delayMinutes: number };
  /** The campaign pauses itself when this share of its recent attempts failed technically. */
  breakerFailureRate: number;
  /** How many recent attempts the breaker looks at, and the fewest it needs before it judges. */
  breakerWindow: number;
  breakerMinCalls: number;
  /** Record the whole call after a consent announcement; unset: calls are not recorded. */
  recording?: RecordingSettings;
}

/** A campaign's call recording: the consent announcement is always spoken before anything is recorded. */
export interface RecordingSettings {
  enabled: boolean;
  /** Replaces the standard announcement (in the script's language); it should say how to decline. */
  consentMessage?: string;
  /** Stored recordings are deleted this many days after their call ended. */
  retentionDays: number;
}

/**
 * A call's recording: `recording` while the call runs, `declined` when the customer refused it (nothing
 * kept), `stored` once in the recordings directory, `expired` once retention deleted it, `failed` when it
 * could not be moved off Asterisk.
 */
export const RECORDING_STATUSES = ['recording', 'declined', 'stored', 'expired', 'failed'] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

/** The seed's queue status, answered by the CampaignWorkflow's `status` query. */
export interface QueueStatus {
  status: 'running' | 'paused' | 'stopping' | 'stopped' | 'completed';
  paused: boolean;
  /** Why the campaign paused itself (the circuit breaker), or null when an admin paused it. */
  pauseReason: string | null;
  totalContacts: number;
  processedContacts: number;
  successfulCalls: number;
  failedCalls: number;
  activeCalls: number;
  lastCallTime: string | null;
  nextCallTime: string | null;
}

export interface CallingWindow {
  /** Local time "HH:MM", inclusive. */
  start: string;
  /** Local time "HH:MM", exclusive. */
  end: string;
  /** Days of the week, 0 = Sunday. */
  days: number[];
}
