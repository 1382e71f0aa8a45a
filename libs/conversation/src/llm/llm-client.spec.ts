import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LlmUnavailableError, askLlm } from './llm-client';

/** A local server that speaks the chat-completions API, answering as each test tells it to. */
describe('askLlm against an OpenAI-compatible server', () => {
  let server: Server;
  let baseUrl: string;
  let respond: (req: IncomingMessage, body: string, res: ServerResponse) => void;
  const requests: { path: string; auth?: string; body: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        requests.push({ path: req.url ?? '', auth: req.headers.authorization, body: JSON.parse(body) as Record<string, unknown> });
        respond(req, body, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (requests.length = 0));

  const config = () => ({ baseUrl, model: 'test-model', apiKey: 'sk-test', timeoutMs: 300 });
  const input = { systemPrompt: 'You sell widgets.', history: [{ role: 'assistant' as const, content: 'Hello!' }], customer: 'Sounds good' };
  const completion = (content: string, usage?: object) => JSON.stringify({ choices: [{ message: { role: 'assistant', content } }], ...(usage ? { usage } : {}) });
  const answer = (content: string, usage?: object) => (_req: IncomingMessage, _body: string, res: ServerResponse) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(completion(content, usage));
  const turn = (fields: object) => JSON.stringify({ reply: 'Fine.', intent: 'question', objection: null, emotion: 'neutral', confidence: 0.7, callbackAt: null, ...fields });

  it('sends the model, the messages, the key and a strict JSON schema of the intents, and reads the answer and its tokens', async () => {
    respond = answer(turn({ reply: 'Great, I will send details.', intent: 'interested', emotion: 'positive', confidence: 0.92 }), { prompt_tokens: 412, completion_tokens: 37 });
    const result = await askLlm(config(), input);
    expect(result).toEqual({
      reply: 'Great, I will send details.',
      understanding: { intent: 'interested', emotion: 'positive', confidence: 0.92 },
      usage: { promptTokens: 412, completionTokens: 37 },
    });
    expect(requests[0]).toMatchObject({ path: '/v1/chat/completions', auth: 'Bearer sk-test', body: { model: 'test-model' } });
    const format = requests[0]!.body.response_format as { type: string; json_schema: { name: string; strict: boolean; schema: { properties: Record<string, { enum?: unknown[] }> } } };
    expect(format).toMatchObject({ type: 'json_schema', json_schema: { name: 'conversation_turn', strict: true } });
    expect(format.json_schema.schema.properties.intent!.enum).toEqual(['interested', 'not_interested', 'objection', 'question', 'callback_request', 'opt_out', 'wrong_person', 'person_request', 'unclear']);
    expect(format.json_schema.schema.properties.emotion!.enum).toEqual(['positive', 'neutral', 'frustrated', 'confused']);
    const messages = requests[0]!.body.messages as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'assistant', 'user']);
    expect(messages[0]!.content).toMatch(/^You sell widgets\.\n\nAnswer only with JSON/);
    expect(messages[2]!.content).toBe('Sounds good');
  });

  it('reads the objection kind and a callback time with an offset still ahead; drops the rest', async () => {
    respond = answer(turn({ intent: 'objection', objection: 'price' }));
    expect((await askLlm(config(), input)).understanding).toMatchObject({ intent: 'objection', objection: 'price' });
    respond = answer(turn({ intent: 'question', objection: 'price' }));
    expect((await askLlm(config(), input)).understanding).not.toHaveProperty('objection');
    const tomorrow = new Date(Date.now() + 86_400_000);
    respond = answer(turn({ intent: 'callback_request', callbackAt: tomorrow.toISOString().replace('Z', '+00:00') }));
    expect((await askLlm(config(), input)).understanding).toMatchObject({ intent: 'callback_request', callbackAt: tomorrow.toISOString() });
    for (const callbackAt of ['2020-01-01T10:00:00Z', tomorrow.toISOString().slice(0, 16), 'tomorrow']) {
      respond = answer(turn({ intent: 'callback_request', callbackAt }));
      expect((await askLlm(config(), input)).understanding).not.toHaveProperty('callbackAt');
    }
  });

  it('asks once more with json_object when the server refuses json_schema, and from then on at once', async () => {
    respond = (_req, body, res) =>
      (JSON.parse(body) as { response_format: { type: string } }).response_format.type === 'json_schema'
        ? res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"response_format json_schema is not supported"}}')
        : answer(turn({ reply: 'Sure.' }), { prompt_tokens: 10, completion_tokens: 2 })(_req, body, res);
    const server = config();
    expect(await askLlm(server, input)).toMatchObject({ reply: 'Sure.', usage: { promptTokens: 10, completionTokens: 2 } });
    expect(requests.map((r) => (r.body.response_format as { type: string }).type)).toEqual(['json_schema', 'json_object']);
    await askLlm(server, input);
    expect(requests.map((r) => (r.body.response_format as { type: string }).type)).toEqual(['json_schema', 'json_object', 'json_object']);
    // Another server is still asked with the schema first.
    await askLlm(config(), input);
    expect((requests[3]!.body.response_format as { type: string }).type).toBe('json_schema');
  });

  it('gives up after the timeout', async () => {
    respond = (_req, _body, res) => setTimeout(() => answer('{}')(_req, _body, res), 1000);
    const started = Date.now();
    await expect(askLlm(config(), input)).rejects.toThrow(/longer than 300 ms/);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('rejects error statuses and malformed answers with LlmUnavailableError, keeping the tokens billed', async () => {
    respond = (_req, _body, res) => res.writeHead(500).end('overloaded');
    await expect(askLlm(config(), input)).rejects.toThrow(/HTTP 500/);
    respond = answer('not json', { prompt_tokens: 50, completion_tokens: 3 });
    await expect(askLlm(config(), input)).rejects.toMatchObject({ name: 'LlmUnavailableError', usage: { promptTokens: 50, completionTokens: 3 } });
    respond = answer(JSON.stringify({ reply: 'Hi', intent: 'buying_a_boat' }));
    await expect(askLlm(config(), input)).rejects.toThrow(/known intent/);
    await expect(askLlm(config(), input)).rejects.toBeInstanceOf(LlmUnavailableError);
  });
});
