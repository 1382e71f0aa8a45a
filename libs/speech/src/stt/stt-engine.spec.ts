import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeepgramStt, OpenAiCompatibleStt } from './stt-engine';
import { SttError } from './stt-error';

/** Local servers that speak each provider's API; every test says how they answer. */
describe('speech-to-text adapters', () => {
  let server: Server;
  let baseUrl: string;
  let respond: (res: ServerResponse) => void;
  let last: { path: string; headers: IncomingMessage['headers']; body: Buffer };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        last = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
        respond(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const json = (body: unknown, status = 200) => (res: ServerResponse) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const audio = Buffer.from('RIFF-fake-wav-bytes');
  const config = () => ({ baseUrl: `${baseUrl}/v1`, apiKey: 'key-1', model: 'whisper-1', timeoutMs: 300 });

  it('OpenAI-compatible: posts a multipart form with the file and the model', async () => {
    respond = json({ text: ' Call me tomorrow at three. ' });
    expect(await new OpenAiCompatibleStt(config()).transcribe(audio, 'audio/wav')).toEqual({ text: 'Call me tomorrow at three.' });
    expect(last.path).toBe('/v1/audio/transcriptions');
    expect(last.headers.authorization).toBe('Bearer key-1');
    expect(last.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const form = last.body.toString();
    expect(form).toContain('name="model"');
    expect(form).toContain('whisper-1');
    expect(form).toContain('filename="turn.wav"');
    expect(form).toContain('RIFF-fake-wav-bytes');
  });

  it('Deepgram: posts the raw audio with a Token key and reads the best alternative', async () => {
    respond = json({ results: { channels: [{ alternatives: [{ transcript: 'Not interested.', confidence: 0.97 }] }] } });
    const stt = new DeepgramStt({ ...config(), baseUrl, model: 'nova-2' });
    expect(await stt.transcribe(audio, 'audio/wav')).toEqual({ text: 'Not interested.', confidence: 0.97 });
    expect(last.path).toBe('/v1/listen?model=nova-2&smart_format=true');
    expect(last.headers.authorization).toBe('Token key-1');
    expect(last.headers['content-type']).toBe('audio/wav');
    expect(last.body.equals(audio)).toBe(true);
  });

  it('turns a timeout, an error status and an unreadable answer into SttError', async () => {
    const stt = new OpenAiCompatibleStt(config());
    respond = (res) => setTimeout(() => json({ text: 'late' })(res), 1000);
    await expect(stt.transcribe(audio, 'audio/wav')).rejects.toThrow(/longer than 300 ms/);
    respond = json({ error: 'bad key' }, 401);
    await expect(stt.transcribe(audio, 'audio/wav')).rejects.toThrow(/HTTP 401/);
    respond = json({ words: [] });
    await expect(stt.transcribe(audio, 'audio/wav')).rejects.toBeInstanceOf(SttError);
    respond = json({ results: {} });
    await expect(new DeepgramStt({ ...config(), baseUrl }).transcribe(audio, 'audio/wav')).rejects.toThrow(/no transcript/);
  });
});
