/** The shapes the console reads from the REST API (docs/api.md). */

export type Role = 'admin' | 'viewer';

export interface Principal {
  userId: string;
  apiKeyId?: string;
  organizationId: string;
  role: Role;
}

export interface RetryRule {
  retry: boolean;
  delayMinutes?: number;
}

export const RETRYABLE_OUTCOMES = ['busy', 'no_answer', 'failed', 'voicemail'] as const;
export type RetryableOutcome = (typeof RETRYABLE_OUTCOMES)[number];

export interface CallSettings {
  maxConcurrentCalls?: number;
  callIntervalMs?: number;
  retryAttempts?: number;
  retryDelayMinutes?: number;
  callTimeoutSeconds?: number;
  maxCallSeconds?: number;
  retryPolicy?: Partial<Record<RetryableOutcome, RetryRule>>;
}

export interface CallingWindow {
  start: string;
  end: string;
  /** 0 = Sunday. */
  days: number[];
}

export const CAMPAIGN_TYPES = ['sales', 'marketing', 'follow_up', 'recruitment'] as const;

export interface Campaign {
  id: string;
  name: string;
  type: string;
  status: 'draft' | 'active' | 'paused' | 'stopped' | 'completed' | 'archived';
  description: string;
  scriptId: string | null;
  callSettings: CallSettings;
  callingWindow: CallingWindow | null;
  callerId: string;
  createdAt: string;
  /** Whether its workflow runs now; null when Temporal did not answer. */
  running?: boolean | null;
}

export interface QueueStatus {
  status: 'idle' | 'running' | 'paused' | 'stopping' | 'stopped' | 'completed';
  paused: boolean;
  pauseReason: string | null;
  totalContacts: number;
  processedContacts: number;
  successfulCalls: number;
  failedCalls: number;
  activeCalls: number;
  lastCallTime: string | null;
  nextCallTime: string | null;
}

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

export const CONTACT_STATUSES = ['new', 'dialing', 'retry', 'contacted', 'failed', 'dnc'] as const;

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

export const CALL_STATUSES = ['initiated', 'ringing', 'in_progress', 'completed', 'failed', 'not_dialed'] as const;
export const CALL_OUTCOMES = [
  'interested', 'scheduled', 'callback', 'not_interested', 'opted_out', 'wrong_person', 'voicemail',
  'no_decision', 'hung_up', 'no_answer', 'busy', 'congestion', 'failed', 'blocked',
] as const;
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
