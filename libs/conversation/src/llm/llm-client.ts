import type { Emotion, Intent, ObjectionKind, Understanding } from '../understanding';
import type { ChatMessage } from './prompt';

export interface LlmConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

/** Tokens one request was billed for, as the server reported them (0 when it did not). */
export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface LlmTurn {
  understanding: Understanding;
  reply: string;
  usage: LlmUsage;
}

const INTENTS: readonly Intent[] = ['interested', 'not_interested', 'objection', 'question', 'callback_request', 'opt_out', 'wrong_person', 'person_request', 'unclear'];
const EMOTIONS: readonly Emotion[] = ['positive', 'neutral', 'frustrated', 'confused'];
const OBJECTIONS: readonly ObjectionKind[] = ['price', 'timing', 'need', 'trust', 'competitor', 'authority', 'other'];

/** Why the model gave no usable answer; the caller falls back to the rules. `usage` is set when the server billed the request anyway. */
export class LlmUnavailableError extends Error {
  override name = 'LlmUnavailableError';
  constructor(
    message: string,
    readonly usage?: LlmUsage,
  ) {
    super(message);
  }
}

/**
 * The answer's shape, for servers that constrain decoding to a schema. Strict mode wants every property
 * required, so the optional ones are nullable.
 */
const TURN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['reply', 'intent', 'objection', 'emotion', 'confidence', 'callbackAt'],
  properties: {
    reply: { type: 'string', description: 'What to say next: one or two short spoken sentences.' },
    intent: { type: 'string', enum: INTENTS, description: "The customer's latest words." },
    objection: { type: ['string', 'null'], enum: [...OBJECTIONS, null], description: 'The kind of objection, when intent is objection.' },
    emotion: { type: 'string', enum: EMOTIONS },
    confidence: { type: 'number', description: 'How sure the intent is, 0 to 1.' },
    callbackAt: {
      type: ['string', 'null'],
      description: 'When intent is callback_request and the customer named a time: that time as ISO 8601 with its UTC offset.',
    },
  },
} as const;

const JSON_SCHEMA_FORMAT = { type: 'json_schema', json_schema: { name: 'conversation_turn', strict: true, schema: TURN_SCHEMA } };
const JSON_OBJECT_FORMAT = { type: 'json_object' };
const FORMAT_INSTRUCTIONS =
  `Answer only with JSON: {"reply": string, "intent": one of ${INTENTS.join('|')}, "objection": one of ${OBJECTIONS.join('|')} or null, ` +
  `"emotion": one of ${EMOTIONS.join('|')}, "confidence": number 0..1, "callbackAt": ISO 8601 time with offset or null}.`;

/**
 * Servers (by config) that answered json_schema with HTTP 400 and json_object with 200: later turns ask with
 * json_object at once instead of paying a refused request each time.
 */
const jsonObjectOnly = new WeakSet<LlmConfig>();

/**
 * One turn through an OpenAI-compatible chat-completions endpoint: the system prompt, the conversation so
 * far and the customer's words in; the reply, the model's reading of the customer and the billed tokens
 * out. The answer is constrained by a JSON schema; a server that refuses json_schema (HTTP 400) is asked
 * once more with json_object, inside the same deadline, and the answer is validated either way. A slow,
 * failing or malformed answer throws LlmUnavailableError, never leaves the caller waiting past `timeoutMs`.
 */
export async function askLlm(config: LlmConfig, input: { systemPrompt: string; history: ChatMessage[]; customer: string }): Promise<LlmTurn> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), config.timeoutMs);
  const post = (responseFormat: object) =>
    fetch(`${config.baseUrl.replace(/\/$/, '')}/chat/completions`, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
      body: JSON.stringify({
        model: config.model,
        response_format: responseFormat,
        temperature: 0.3,
        messages: [{ role: 'system', content: `${input.systemPrompt}\n\n${FORMAT_INSTRUCTIONS}` }, ...input.history, { role: 'user', content: input.customer }],
      }),
    });
  let body: unknown;
  try {
    const schemaKnown = !jsonObjectOnly.has(config);
    let response = await post(schemaKnown ? JSON_SCHEMA_FORMAT : JSON_OBJECT_FORMAT);
    if (response.status === 400 && schemaKnown) {
      await response.text();
      response = await post(JSON_OBJECT_FORMAT);
      if (response.ok) jsonObjectOnly.add(config);
    }
    if (!response.ok) throw new LlmUnavailableError(`LLM answered HTTP ${response.status}`);
    body = await response.json();
  } catch (error) {
    if (error instanceof LlmUnavailableError) throw error;
    throw new LlmUnavailableError(controller.signal.aborted ? `LLM took longer than ${config.timeoutMs} ms` : `LLM request failed: ${String(error)}`);
  } finally {
    clearTimeout(timer);
  }
  return parseTurn(body, new Date());
}

function parseTurn(body: unknown, now: Date): LlmTurn {
  const answer = body as { choices?: { message?: { content?: unknown } }[]; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } };
  const usage = { promptTokens: tokenCount(answer.usage?.prompt_tokens), completionTokens: tokenCount(answer.usage?.completion_tokens) };
  const content = answer.choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new LlmUnavailableError('LLM answer has no message content', usage);
  let parsed: { reply?: unknown; intent?: unknown; objection?: unknown; emotion?: unknown; confidence?: unknown; callbackAt?: unknown };
  try {
    parsed = JSON.parse(content) as typeof parsed;
  } catch {
    throw new LlmUnavailableError('LLM answer is not JSON', usage);
  }
  const intent = INTENTS.find((i) => i === parsed.intent);
  if (typeof parsed.reply !== 'string' || !parsed.reply.trim() || !intent) throw new LlmUnavailableError('LLM answer lacks a reply or a known intent', usage);
  const emotion = EMOTIONS.find((e) => e === parsed.emotion) ?? 'neutral';
  const confidence = typeof parsed.confidence === 'number' ? Math.min(1, Math.max(0, parsed.confidence)) : 0.5;
  const objection = intent === 'objection' ? OBJECTIONS.find((o) => o === parsed.objection) : undefined;
  const callbackAt = intent === 'callback_request' ? futureInstant(parsed.callbackAt, now) : undefined;
  return {
    reply: parsed.reply.trim(),
    understanding: { intent, emotion, confidence, ...(objection ? { objection } : {}), ...(callbackAt ? { callbackAt } : {}) },
    usage,
  };
}

function tokenCount(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 0;
}

/** An ISO 8601 time with an explicit offset (a bare local time would be read in the worker's zone) that is still ahead. */
function futureInstant(value: unknown, now: Date): string | undefined {
  if (typeof value !== 'string' || !/(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim())) return undefined;
  const at = new Date(value.trim());
  return Number.isNaN(at.getTime()) || at <= now ? undefined : at.toISOString();
}
