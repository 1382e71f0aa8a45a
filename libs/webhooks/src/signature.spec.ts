import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhookSignature } from './signature';
import { deliveryVerdict } from './webhook-sender';

describe('webhook signatures', () => {
  const body = '{"id":"e1","type":"call.finished"}';
  const now = new Date('2026-01-01T10:00:00Z');
  const t = Math.floor(now.getTime() / 1000);

  it('is the hex HMAC-SHA256 of "<t>.<body>", as the docs tell receivers to compute it', () => {
    const expected = createHmac('sha256', 'whsec_a').update(`${t}.${body}`).digest('hex');
    expect(signWebhook('whsec_a', body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it('verifies with the right secret only, on the body as sent, within the tolerance', () => {
    const header = signWebhook('whsec_a', body, t);
    expect(verifyWebhookSignature('whsec_a', header, body, { now })).toBe(true);
    expect(verifyWebhookSignature('whsec_b', header, body, { now })).toBe(false);
    expect(verifyWebhookSignature('whsec_a', header, body.replace('e1', 'e2'), { now })).toBe(false);
    expect(verifyWebhookSignature('whsec_a', header, body, { now: new Date(now.getTime() + 301_000) })).toBe(false);
    expect(verifyWebhookSignature('whsec_a', undefined, body, { now })).toBe(false);
    expect(verifyWebhookSignature('whsec_a', `t=${t},v1=abc`, body, { now })).toBe(false);
  });
});

describe('delivery verdicts', () => {
  it('is done on 2xx, refused for good on 4xx but 408 and 429, and tried again otherwise', () => {
    const verdict = (statusCode: number) => deliveryVerdict({ statusCode, durationMs: 1 });
    expect([200, 204].map(verdict)).toEqual(['delivered', 'delivered']);
    expect([400, 401, 404, 410].map(verdict)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect([408, 429, 500, 503, 302].map(verdict)).toEqual(['retrying', 'retrying', 'retrying', 'retrying', 'retrying']);
    expect(deliveryVerdict({ error: 'ECONNREFUSED', durationMs: 1 })).toBe('retrying');
  });
});
