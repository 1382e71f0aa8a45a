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
  const answer = (content: string) => (_req: IncomingMessage, _body: string, res: ServerResponse) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] }));

  it('sends the model, the messages and the key, and reads the JSON answer', async () => {
    respond = answer(JSON.stringify({ reply: 'Great, I will send details.', intent: 'interested', emotion: 'positive', confidence: 0.92 }));
    const turn = await askLlm(config(), input);
    expect(turn).toEqual({ reply: 'Great, I will send details.', understanding: { intent: 'interested', emotion: 'positive', confidence: 0.92 } });
    expect(requests[0]).toMatchObject({ path: '/v1/chat/completions', auth: 'Bearer sk-test', body: { model: 'test-model', response_format: { type: 'json_object' } } });
    const messages = requests[0]!.body.messages as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'assistant', 'user']);
    expect(messages[2]!.content).toBe('Sounds good');
  });

  it('gives up after the timeout', async () => {
    respond = (_req, _body, res) => setTimeout(() => answer('{}')(_req, _body, res), 1000);
    const started = Date.now();
    await expect(askLlm(config(), input)).rejects.toThrow(/longer than 300 ms/);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('rejects error statuses and malformed answers with LlmUnavailableError', async () => {
    respond = (_req, _body, res) => res.writeHead(500).end('overloaded');
    await expect(askLlm(config(), input)).rejects.toThrow(/HTTP 500/);
    respond = answer('not json');
    await expect(askLlm(config(), input)).rejects.toBeInstanceOf(LlmUnavailableError);
    respond = answer(JSON.stringify({ reply: 'Hi', intent: 'buying_a_boat' }));
    await expect(askLlm(config(), input)).rejects.toThrow(/known intent/);
  });
});
