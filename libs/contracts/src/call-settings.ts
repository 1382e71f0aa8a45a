import { type CallSettings, RETRYABLE_OUTCOMES, type RetryableOutcome } from './domain';

/** Temporal's limit is 2,000 pending children per run; a campaign keeps its calls in flight far below it. */
export const MAX_CALLS_IN_FLIGHT = 500;

interface NumberRule {
  min: number;
  max: number;
  integer: boolean;
}

/**
 * The one definition of every call setting's bounds: the environment's defaults, the API's DTO and the
 * CampaignWorkflow's update validator all check against it.
 */
export const CALL_SETTING_RULES: Record<Exclude<keyof CallSettings, 'retryPolicy' | 'completionRetry' | 'recording'>, NumberRule> = {
  maxConcurrentCalls: { min: 1, max: MAX_CALLS_IN_FLIGHT, integer: true },
  callIntervalMs: { min: 0, max: 3_600_000, integer: true },
  retryAttempts: { min: 0, max: 20, integer: true },
  retryDelayMinutes: { min: 0, max: 43_200, integer: false },
  callTimeoutSeconds: { min: 1, max: 300, integer: true },
  maxCallSeconds: { min: 10, max: 7_200, integer: true },
  breakerFailureRate: { min: 0.01, max: 1, integer: false },
  breakerWindow: { min: 1, max: 1_000, integer: true },
  breakerMinCalls: { min: 1, max: 1_000, integer: true },
};

const MAX_DELAY_MINUTES = CALL_SETTING_RULES.retryDelayMinutes.max;

/** Bounds of a campaign's recording settings: ten years at most, and an announcement short enough to sit through. */
export const RECORDING_RULES = {
  retentionDays: { min: 1, max: 3_650, integer: true },
  consentMessageMaxLength: 500,
} as const;

export interface SettingProblem {
  /** The setting's path, e.g. `retryPolicy.busy.delayMinutes`. */
  field: string;
  message: string;
}

function numberProblem(field: string, value: unknown, rule: NumberRule): SettingProblem | undefined {
  const kind = rule.integer ? 'an integer' : 'a number';
  const ok = typeof value === 'number' && Number.isFinite(value) && (!rule.integer || Number.isInteger(value)) && value >= rule.min && value <= rule.max;
  return ok ? undefined : { field, message: `must be ${kind} from ${rule.min} to ${rule.max}` };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every problem of a (partial) settings object; fields that are absent are not checked. */
export function callSettingsProblems(settings: unknown): SettingProblem[] {
  if (!isObject(settings)) return [{ field: '', message: 'must be an object' }];
  const problems: SettingProblem[] = [];
  for (const [field, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    if (field === 'retryPolicy') {
      if (!isObject(value)) {
        problems.push({ field, message: 'must be an object' });
        continue;
      }
      for (const [outcome, rule] of Object.entries(value)) {
        const path = `retryPolicy.${outcome}`;
        if (!RETRYABLE_OUTCOMES.includes(outcome as RetryableOutcome)) problems.push({ field: path, message: `is not one of ${RETRYABLE_OUTCOMES.join(', ')}` });
        else if (!isObject(rule) || typeof rule.retry !== 'boolean') problems.push({ field: `${path}.retry`, message: 'must be a boolean' });
        else if (rule.delayMinutes !== undefined) {
          const problem = numberProblem(`${path}.delayMinutes`, rule.delayMinutes, { min: 0, max: MAX_DELAY_MINUTES, integer: false });
          if (problem) problems.push(problem);
        }
      }
    } else if (field === 'completionRetry') {
      if (!isObject(value) || typeof value.enabled !== 'boolean') problems.push({ field: `${field}.enabled`, message: 'must be a boolean' });
      else {
        const problem = numberProblem(`${field}.delayMinutes`, value.delayMinutes, { min: 0, max: MAX_DELAY_MINUTES, integer: false });
        if (problem) problems.push(problem);
      }
    } else if (field === 'recording') {
      problems.push(...recordingProblems(value));
    } else if (field in CALL_SETTING_RULES) {
      const problem = numberProblem(field, value, CALL_SETTING_RULES[field as keyof typeof CALL_SETTING_RULES]);
      if (problem) problems.push(problem);
    } else {
      problems.push({ field, message: 'is not a call setting' });
    }
  }
  return problems;
}

function recordingProblems(value: unknown): SettingProblem[] {
  if (!isObject(value)) return [{ field: 'recording', message: 'must be an object' }];
  const problems: SettingProblem[] = [];
  if (typeof value.enabled !== 'boolean') problems.push({ field: 'recording.enabled', message: 'must be a boolean' });
  const retention = numberProblem('recording.retentionDays', value.retentionDays, RECORDING_RULES.retentionDays);
  if (retention) problems.push(retention);
  const message = value.consentMessage;
  const { consentMessageMaxLength } = RECORDING_RULES;
  if (message !== undefined && (typeof message !== 'string' || !message.trim() || message.length > consentMessageMaxLength)) {
    problems.push({ field: 'recording.consentMessage', message: `must be a text of 1 to ${consentMessageMaxLength} characters` });
  }
  for (const field of Object.keys(value)) {
    if (!['enabled', 'retentionDays', 'consentMessage'].includes(field)) problems.push({ field: `recording.${field}`, message: 'is not a recording setting' });
  }
  return problems;
}

export function describeProblems(problems: SettingProblem[], prefix = ''): string {
  return problems.map((p) => `${prefix}${p.field}: ${p.message}`).join('; ');
}

/** A campaign's settings over the configured defaults, field by field. */
export function resolveCallSettings(defaults: CallSettings, campaign: Partial<CallSettings>): CallSettings {
  return { ...defaults, ...Object.fromEntries(Object.entries(campaign).filter(([, v]) => v !== undefined && v !== null)) };
}
