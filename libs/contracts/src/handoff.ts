import type { SettingProblem } from './call-settings';

/**
 * Handoff to a person: per campaign, where the agents are and when the AI puts a customer through to
 * them. Checked by the API (400 naming the field) and read by the conversation on every turn.
 */

/** What makes the AI hand off: an interested customer, one who asks for a person, or the handoff key. */
export const HANDOFF_TRIGGERS = ['interested', 'person_requested', 'key'] as const;
export type HandoffTrigger = (typeof HANDOFF_TRIGGERS)[number];

/**
 * Where the agents are: a PJSIP endpoint, an Asterisk queue (through `[dialer-queue]` in the dialplan), a
 * phone number through the trunk (the dialer's DIAL_STRING_TEMPLATE), or any Asterisk dial string
 * (the sandbox's simulated agents are `Local/answers@sim-agents`).
 */
export const AGENT_DESTINATION_KINDS = ['endpoint', 'queue', 'number', 'channel'] as const;
export type AgentDestinationKind = (typeof AGENT_DESTINATION_KINDS)[number];

export interface HandoffSettings {
  destination: { kind: AgentDestinationKind; value: string };
  triggers: HandoffTrigger[];
  /** The key that asks for a person, when `key` is a trigger; announced with the key menu. */
  key: string;
  /** How long the agents' side may ring before the AI books a callback instead. */
  answerTimeoutSeconds: number;
  /** When no agent answers, the callback is booked this long after the call. */
  callbackDelayMinutes: number;
}

export const HANDOFF_DEFAULTS = { key: '0', answerTimeoutSeconds: 20, callbackDelayMinutes: 60 } as const;

const TIMEOUT_RANGE = { min: 5, max: 120 };
const CALLBACK_RANGE = { min: 5, max: 10_080 };
/** Menu keys already mean something (1, 2, 3, 9; 7 declines a recording): the handoff key must be another one. */
const FREE_KEYS = ['0', '4', '5', '6', '8', '*', '#'];

/**
 * Each kind's value goes into Dial's argument: no comma, ampersand, caret, parenthesis or space can reach
 * it, so a setting can never add options or extra destinations to the dial.
 */
const DESTINATION_PATTERNS: Record<AgentDestinationKind, { pattern: RegExp; message: string }> = {
  endpoint: { pattern: /^[A-Za-z0-9_.-]{1,80}$/, message: 'must be a PJSIP endpoint name (letters, digits, _ . -)' },
  queue: { pattern: /^[A-Za-z0-9_-]{1,80}$/, message: 'must be a queue name (letters, digits, _ -)' },
  number: { pattern: /^\+[1-9]\d{6,14}$/, message: 'must be an E.164 phone number, e.g. +12025550100' },
  channel: { pattern: /^(Local|PJSIP|IAX2|DAHDI)\/[A-Za-z0-9_.@+\-/]{1,120}$/, message: 'must be an Asterisk dial string such as Local/100@agents or PJSIP/agent1' },
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const inRange = (value: unknown, range: { min: number; max: number }) =>
  typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;

/** Every problem of a campaign's handoff settings, each naming its field under `handoff.`; null turns handoff off. */
export function handoffProblems(value: unknown): SettingProblem[] {
  if (value === null) return [];
  if (!isObject(value)) return [{ field: 'handoff', message: 'must be an object or null' }];
  const problems: SettingProblem[] = [];
  const known = new Set(['destination', 'triggers', 'key', 'answerTimeoutSeconds', 'callbackDelayMinutes']);
  for (const field of Object.keys(value)) if (!known.has(field)) problems.push({ field: `handoff.${field}`, message: 'is not a handoff setting' });

  const destination = value.destination;
  if (!isObject(destination)) problems.push({ field: 'handoff.destination', message: 'must be an object with kind and value' });
  else if (!AGENT_DESTINATION_KINDS.includes(destination.kind as AgentDestinationKind)) {
    problems.push({ field: 'handoff.destination.kind', message: `must be one of ${AGENT_DESTINATION_KINDS.join(', ')}` });
  } else {
    const rule = DESTINATION_PATTERNS[destination.kind as AgentDestinationKind];
    if (typeof destination.value !== 'string' || !rule.pattern.test(destination.value)) problems.push({ field: 'handoff.destination.value', message: rule.message });
  }

  const triggers = value.triggers;
  if (!Array.isArray(triggers) || triggers.length === 0 || triggers.some((t) => !HANDOFF_TRIGGERS.includes(t as HandoffTrigger))) {
    problems.push({ field: 'handoff.triggers', message: `must be a non-empty list of ${HANDOFF_TRIGGERS.join(', ')}` });
  }
  if (value.key !== undefined && (typeof value.key !== 'string' || !FREE_KEYS.includes(value.key))) {
    problems.push({ field: 'handoff.key', message: `must be one of ${FREE_KEYS.join(' ')} (the other keys are the menu's)` });
  }
  if (value.answerTimeoutSeconds !== undefined && !inRange(value.answerTimeoutSeconds, TIMEOUT_RANGE)) {
    problems.push({ field: 'handoff.answerTimeoutSeconds', message: `must be an integer from ${TIMEOUT_RANGE.min} to ${TIMEOUT_RANGE.max}` });
  }
  if (value.callbackDelayMinutes !== undefined && !inRange(value.callbackDelayMinutes, CALLBACK_RANGE)) {
    problems.push({ field: 'handoff.callbackDelayMinutes', message: `must be an integer from ${CALLBACK_RANGE.min} to ${CALLBACK_RANGE.max}` });
  }
  return problems;
}

/** Checked settings with their defaults filled in. */
export function withHandoffDefaults(settings: Partial<HandoffSettings> & Pick<HandoffSettings, 'destination' | 'triggers'>): HandoffSettings {
  return { ...HANDOFF_DEFAULTS, ...settings };
}

/** The key a customer presses for a person, when the campaign hands off by key. */
export function handoffKey(settings: HandoffSettings | null): string | undefined {
  return settings?.triggers.includes('key') ? (settings.key ?? HANDOFF_DEFAULTS.key) : undefined;
}

/** The Asterisk dial string of the agents; a phone number goes out as the dialer dials its customers. */
export function agentDialString(destination: HandoffSettings['destination'], numberTemplate: string): string {
  switch (destination.kind) {
    case 'endpoint':
      return `PJSIP/${destination.value}`;
    case 'queue':
      return `Local/${destination.value}@dialer-queue`;
    case 'number':
      return numberTemplate.replace('{number}', destination.value);
    case 'channel':
      return destination.value;
  }
}

/** What the conversation tells the AGI session when a turn hands the customer off. */
export interface HandoffOrder {
  dialString: string;
  timeoutSeconds: number;
  /** What the agent hears before being connected: who, what they said, what they want. */
  summary: string;
}

/** How a handoff went, kept on the call (`calls.handoff`) and shown by GET /calls/{id}. */
export interface CallHandoff {
  /** The dial string the agents were reached through. */
  destination: string;
  /** Whether an agent took the call. */
  connected: boolean;
  /** Who took it: the agent's channel (e.g. PJSIP/agent7-00000012), when one did. */
  agent: string | null;
  /** From the start of the agents' ringing to the customer's connection, or to the give-up. */
  waitedSeconds: number;
  /** Asterisk's dial status when no agent took it (NOANSWER, BUSY, CHANUNAVAIL, CONGESTION). */
  dialStatus: string | null;
}
