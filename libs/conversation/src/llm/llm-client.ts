import type { Emotion, Intent, Understanding } from '../understanding';

export interface LlmConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

export interface LlmTurn {
  understanding: Understanding;
  reply: string;
}

const INTENTS: readonly Intent[] = ['interested', 'not_interested', 'objection', 'question', 'callback_request', 'opt_out', 'wrong_person', 'unclear'];
const EMOTIONS: readonly Emotion[] = ['positive', 'neutral', 'frustrated', 'confused'];

/** Why the model gave no usable answer; the caller falls back to the rules. */
export class LlmUnavailableError extends Error {
  override name = 'LlmUnavailableError';
}

/**
 * One turn through an OpenAI-compatible chat-completions endpoint: the model returns the reply and its
 * reading of the customer as JSON. A slow, failing or malformed answer throws LlmUnavailableError, never
 * leaves the caller waiting past `timeoutMs`.
 */
export async function askLlm(
  config: LlmConfig,
  input: { systemPrompt: string; history: { role: 'assistant' | 'user'; content: string }[]; customer: string },
): Promise<LlmTurn> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), config.timeoutMs);
  let body: unknown;
  try {
    const response = await fetch(`${config.baseUrl.replace(/\/$/, '')}/chat/completions`, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
      body: JSON.stringify({
        model: config.model,
        response_format: { type: 'json_object' },
        temperature: 0.3,
        messages: [
          {
            role: 'system',
            content: `${input.systemPrompt}\nAnswer only with JSON: {"reply": string, "intent": one of ${INTENTS.join('|')}, "emotion": one of ${EMOTIONS.join('|')}, "confidence": number 0..1}.`,
          },
          ...input.history,
          { role: 'user', content: input.customer },
        ],
      }),
    });
    if (!response.ok) throw new LlmUnavailableError(`LLM answered HTTP ${response.status}`);
    body = await response.json();
  } catch (error) {
    if (error instanceof LlmUnavailableError) throw error;
    throw new LlmUnavailableError(controller.signal.aborted ? `LLM took longer than ${config.timeoutMs} ms` : `LLM request failed: ${String(error)}`);
  } finally {
    clearTimeout(timer);
  }
  return parseTurn(body);
}

function parseTurn(body: unknown): LlmTurn {
  const content = (body as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new LlmUnavailableError('LLM answer has no message content');
  let parsed: { reply?: unknown; intent?: unknown; emotion?: unknown; confidence?: unknown };
  try {
    parsed = JSON.parse(content) as typeof parsed;
  } catch {
    throw new LlmUnavailableError('LLM answer is not JSON');
  }
  const intent = INTENTS.find((i) => i === parsed.intent);
  const emotion = EMOTIONS.find((e) => e === parsed.emotion) ?? 'neutral';
  if (typeof parsed.reply !== 'string' || !parsed.reply.trim() || !intent) throw new LlmUnavailableError('LLM answer lacks a reply or a known intent');
  const confidence = typeof parsed.confidence === 'number' ? Math.min(1, Math.max(0, parsed.confidence)) : 0.5;
  return { reply: parsed.reply.trim(), understanding: { intent, emotion, confidence } };
}
