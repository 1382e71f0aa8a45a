/** What the engine's workflows and activities hand each other: plain, small objects (never contact lists). */
import type { HandoffOrder } from './handoff';
import type { CallOutcome, CallSettings, CallStatus, CallingWindow, CampaignStatus, ContactStatus, ScriptLanguage } from './domain';

export type ComplianceReason =
  | 'ok'
  | 'dnc'
  | 'attempt_cap'
  | 'campaign_paused'
  | 'campaign_stopped'
  | 'timezone_unknown'
  | 'outside_window'
  | 'no_calling_window';

/** The gate's verdict on one attempt; it stays in the call's workflow history and on its row as evidence. */
export interface ComplianceDecision {
  allowed: boolean;
  reason: ComplianceReason;
  checkedAt: string;
  /** When a refused contact may be tried again (the window opens); null: never, or not by this attempt. */
  retryAt: string | null;
  evidence: Record<string, unknown>;
}

export interface ClaimedContact {
  contactId: string;
  attempt: number;
  /** For the call workflow's summary in Temporal Web UI. */
  phone: string;
}

export interface CampaignProgress {
  totalContacts: number;
  /** Contacts still to be dialed now or later (new, retry, or claimed but not finished). */
  pendingContacts: number;
  /** Earliest time a waiting contact becomes due, when none is due now. */
  nextDueAt: string | null;
}

export interface ClaimResult {
  contacts: ClaimedContact[];
  /** Counted when asked for, and whenever nothing was due: counting is kept off the dial path. */
  progress: CampaignProgress | null;
}

export interface CampaignRun {
  organizationId: string;
  name: string;
  settings: CallSettings;
  /** Contacts a run that was terminated had claimed but never dialed, given back to the queue. */
  recovered: number;
}

/** A campaign's live state as its workflow records it on the campaign row. */
export interface CampaignStateChange {
  campaignId: string;
  status: Extract<CampaignStatus, 'active' | 'paused' | 'stopped' | 'completed'>;
  /** Why it paused (the circuit breaker, an operator's note), or null. */
  reason: string | null;
  /** Workflow time of the change. */
  at: string;
}

export interface ReserveCallInput {
  campaignId: string;
  contactId: string;
  attempt: number;
  workflowId: string;
  channelId: string;
}

export interface ReservedCall {
  callId: string;
  organizationId: string;
  phone: string;
  timezone: string | null;
  callingWindow: CallingWindow | null;
  /** The campaign's own caller id, else the dialer's configured one. */
  callerId: string;
  greeting: string;
  /** The script's language: the whole call speaks and listens in it. */
  language: ScriptLanguage;
  settings: CallSettings;
  /** Set when this attempt already ended in an earlier run: nothing is dialed again. */
  finishedOutcome: CallOutcome | null;
}

export interface CompleteCallInput {
  callId: string;
  contactId: string;
  attempt: number;
  status: CallStatus;
  outcome: CallOutcome;
  dialStatus: string | null;
  hangupCause: number | null;
  hangupCauseText: string | null;
  dialedAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  settings: CallSettings;
  compliance: ComplianceDecision | null;
  /** When the customer asked to be called back (the conversation's callback outcome). */
  callbackAt?: string | null;
}

export interface CompletedCall {
  contactStatus: ContactStatus;
}

/** What an originate request came to; the call workflow decides from it whether to wait or reconcile. */
export type OriginateResult =
  | { kind: 'accepted' }
  /** Asterisk refused the request itself (bad endpoint, duplicate id): no channel was created. */
  | { kind: 'rejected'; reason: string }
  /** The request may or may not have reached Asterisk (also: an earlier run of this step asked for the dial): look the channel up, never dial again. */
  | { kind: 'ambiguous'; reason: string };

export interface GateAndDialInput {
  callId: string;
  organizationId: string;
  campaignId: string;
  contactId: string;
  channelId: string;
  phone: string;
  timezone: string | null;
  callerId: string;
  settings: CallSettings;
  workflowId: string;
  /** The script's language: the dialplan's own prompts (no worker reachable) are spoken in it. */
  language?: ScriptLanguage;
  /** The greeting, voiced while the phone rings so that the AI speaks the moment the callee answers. */
  greeting?: string;
}

/**
 * The gate-and-dial step: the gate's decision and, when it allowed the call, the originate's result; or,
 * for a paced campaign whose next dial slot is further off, when to come back.
 */
export type GateAndDialResult =
  | { kind: 'gated'; compliance: ComplianceDecision; dial: (OriginateResult & { dialedAt: string }) | null }
  | { kind: 'paced'; nextAt: string };

export interface ChannelSnapshot {
  id: string;
  state: string;
}

/** One conversation turn's answer to the call workflow. */
export interface TurnResult {
  reply: string;
  end: boolean;
  outcome: CallOutcome | null;
  callbackAt: string | null;
  unclear: boolean;
  /** Set when this turn puts the customer through to a person: the reply asks them to hold. */
  handoff?: HandoffOrder;
}
