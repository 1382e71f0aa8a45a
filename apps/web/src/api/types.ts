/** The shapes the console reads from the REST API (docs/api.md). */

import type {
  CallSettings as EngineCallSettings,
  CallingWindow,
  CampaignStatus,
  QueueStatus as EngineQueueStatus,
  UserRole,
} from '../../../../libs/contracts/src/domain';

export type { CallingWindow, RetryRule, RetryableOutcome } from '../../../../libs/contracts/src/domain';
export { CALL_OUTCOMES, CALL_STATUSES, CAMPAIGN_TYPES, CONTACT_STATUSES, RETRYABLE_OUTCOMES } from '../../../../libs/contracts/src/domain';

export type Role = UserRole;

export interface Principal {
  userId: string;
  apiKeyId?: string;
  organizationId: string;
  role: Role;
}

/** A campaign's own settings: what it leaves unset takes the dialer's defaults. */
export type CallSettings = Partial<EngineCallSettings>;

export interface Campaign {
  id: string;
  name: string;
  type: string;
  status: CampaignStatus;
  pauseReason: string | null;
  description: string;
  scriptId: string | null;
  callSettings: CallSettings;
  callingWindow: CallingWindow | null;
  callerId: string;
  createdAt: string;
  /** Whether its workflow runs now; null when Temporal did not answer. */
  running?: boolean | null;
  /** The row says it runs but its last run was terminated or failed: start it again. */
  interrupted?: boolean | null;
}

/** The workflow's queue status; `idle` when the campaign's workflow has never run. */
export type QueueStatus = Omit<EngineQueueStatus, 'status'> & {
  status: EngineQueueStatus['status'] | 'idle';
  /** Set when no worker answered: the status shown is the campaign's stored state. */
  engineNotice?: string;
};

export interface CallMetrics {
  totalCalls: number;
  answeredCalls: number;
  positiveOutcomes: number;
  successRate: number;
  averageDuration: number;
  csatAverage: number | null;
  totalCost: number;
  outcomeDistribution: Record<string, number>;
  emotionDistribution: Record<string, number>;
}

export interface Performance extends CallMetrics {
  contacts: Record<string, number>;
}

export interface Dashboard extends CallMetrics {
  timezone: string;
  since: string;
  totalCallsToday: number;
  activeCalls: number;
  activeCampaigns: number;
}

export interface Contact {
  id: string;
  campaignId: string;
  firstName: string;
  lastName: string;
  phone: string;
  email: string;
  company: string;
  timezone: string | null;
  status: string;
  attempts: number;
  lastContacted: string | null;
}

export interface UploadProblem {
  line: number;
  field: string;
  reason: string;
}

export interface UploadReport {
  rows: number;
  imported?: number;
  added?: number;
  duplicatesInFile?: number;
  duplicatesInCampaign?: number;
  duplicates?: number;
  onDncList?: number;
  invalidRows: number;
  problemsTruncated?: boolean;
  problems: UploadProblem[];
}

export const EMOTIONS = ['positive', 'neutral', 'frustrated', 'confused'] as const;

export interface Call {
  id: string;
  campaignId: string;
  contactId: string;
  contactName: string;
  phone: string;
  attempt: number;
  status: string;
  outcome: string | null;
  duration: number;
  emotion: string | null;
  intentScore: number | null;
  csatScore: number | null;
  aiInsights: Record<string, unknown> | null;
  cost: number;
  dialStatus: string | null;
  hangupCauseText: string | null;
  workflowId: string;
  compliance: Record<string, unknown> | null;
  /** How a handoff to a person went (destination, connected, agent, waitedSeconds, dialStatus); null without one. */
  handoff: Record<string, unknown> | null;
  /** A rehearsal's call, and the simulated customer's behaviour it was dialed to. */
  rehearsal: boolean;
  rehearsalBehaviour: string | null;
  createdAt: string;
}

export interface Turn {
  user_input?: string;
  ai_response?: string;
  confidence?: number;
  emotion?: string;
  timestamp: string;
}

export interface Script {
  id: string;
  name: string;
  mainPitch: string;
  objectionHandling: Record<string, string>;
  closing: string;
  followUp: string;
  voicemailMessage: string;
}

export const OBJECTION_KINDS = ['price', 'timing', 'need', 'trust', 'competitor', 'authority', 'other'] as const;

export interface DncEntry {
  id: string;
  phone: string;
  reason: string;
  source: string;
  createdAt: string;
}

export interface User {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}
