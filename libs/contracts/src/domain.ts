/** Domain states shared by the API, the workflows and the activities. */

export type CampaignType = 'sales' | 'marketing' | 'follow_up' | 'recruitment';
export type CampaignStatus = 'draft' | 'active' | 'paused' | 'completed' | 'archived';

export type ContactStatus = 'new' | 'dialing' | 'retry' | 'contacted' | 'failed' | 'dnc';

export type CallStatus = 'initiated' | 'ringing' | 'in_progress' | 'completed' | 'failed';

/** What happened on a call. Busy or no answer are results, not errors. */
export type CallOutcome =
  | 'interested'
  | 'scheduled'
  | 'callback'
  | 'not_interested'
  | 'opted_out'
  | 'voicemail'
  | 'no_decision'
  | 'hung_up'
  | 'no_answer'
  | 'busy'
  | 'congestion'
  | 'failed'
  | 'blocked';

export const ANSWERED_OUTCOMES: readonly CallOutcome[] = [
  'interested',
  'scheduled',
  'callback',
  'not_interested',
  'opted_out',
  'voicemail',
  'no_decision',
  'hung_up',
];

export const POSITIVE_OUTCOMES: readonly CallOutcome[] = ['interested', 'scheduled'];

export type UserRole = 'admin' | 'viewer';

/** The seed's per-campaign settings. `retryAttempts` counts retries after the first attempt. */
export interface CallSettings {
  maxConcurrentCalls: number;
  callIntervalMs: number;
  retryAttempts: number;
  retryDelayMinutes: number;
  callTimeoutSeconds: number;
  maxCallSeconds: number;
}

/** The seed's queue status, answered by the CampaignWorkflow's `status` query. */
export interface QueueStatus {
  status: 'running' | 'paused' | 'stopping' | 'stopped' | 'completed';
  paused: boolean;
  totalContacts: number;
  processedContacts: number;
  successfulCalls: number;
  failedCalls: number;
  activeCalls: number;
  lastCallTime: string | null;
  nextCallTime: string | null;
}
