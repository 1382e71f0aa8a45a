import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signWebhook } from './signature';

/** The body every endpoint receives. */
export interface WebhookEnvelope {
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export type SendOutcome = { statusCode: number; durationMs: number } | { error: string; durationMs: number };

/** What to do after an answer: 2xx is done; a 4xx says the request itself is refused (except timeout and rate limit); anything else may pass later. */
export function deliveryVerdict(outcome: SendOutcome): 'delivered' | 'failed' | 'retrying' {
  if (!('statusCode' in outcome)) return 'retrying';
  const { statusCode } = outcome;
  if (statusCode >= 200 && statusCode < 300) return 'delivered';
  if (statusCode >= 400 && statusCode < 500 && statusCode !== 408 && statusCode !== 429) return 'failed';
  return 'retrying';
}

/** One signed POST; never throws: a network error or a timeout is an outcome like a status code. */
export async function sendWebhook(target: { url: string; secret: string }, envelope: WebhookEnvelope, timeoutMs: number): Promise<SendOutcome> {
  const body = JSON.stringify(envelope);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'AI-Dialer-Webhooks/1',
        [SIGNATURE_HEADER]: signWebhook(target.secret, body, Math.floor(Date.now() / 1000)),
        [EVENT_ID_HEADER]: envelope.id,
        [EVENT_TYPE_HEADER]: envelope.type,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The answer's body carries nothing we use; reading it frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    return { statusCode: response.status, durationMs: elapsed() };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const message = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (cause?.code ?? cause?.message ?? String(error));
    return { error: message, durationMs: elapsed() };
  }
}
