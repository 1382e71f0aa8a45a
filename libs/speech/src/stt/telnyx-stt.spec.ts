import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SttError } from './stt-error';
import { TelnyxStt } from './telnyx-stt';

/** A local server that speaks Telnyx's file-based transcription API. */
describe(TelnyxStt.name, () => {
  let server: Server;
  let baseUrl: string;
  let respond: (res: ServerResponse) => void;
  let last: { method: string; path: string; headers: IncomingMessage['headers']; body: Buffer };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        last = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
        respond(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const json = (body: unknown, status = 200) => (res: ServerResponse) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const audio = Buffer.from('RIFF-fake-wav-bytes');
  const stt = () =>
    new TelnyxStt({ baseUrl: `${baseUrl}/v2/`, apiKey: 'telnyx-key', model: 'distil-whisper/distil-large-v2', timeoutMs: 300 });

  it('posts the recording, the model and json format as a multipart form with a Bearer key', async () => {
    respond = json({ text: ' Yes, Tuesday works. ', duration: 1.4 });
    expect(await stt().transcribe(audio, 'audio/wav')).toEqual({ text: 'Yes, Tuesday works.' });
    expect(last.method).toBe('POST');
    expect(last.path).toBe('/v2/ai/audio/transcriptions');
    expect(last.headers.authorization).toBe('Bearer telnyx-key');
    expect(last.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const form = last.body.toString();
    expect(form).toMatch(/name="file"; filename="turn\.wav"\r\nContent-Type: audio\/wav\r\n\r\nRIFF-fake-wav-bytes/);
    expect(form).toMatch(/name="model"\r\n\r\ndistil-whisper\/distil-large-v2\r\n/);
    expect(form).toMatch(/name="response_format"\r\n\r\njson\r\n/);
  });

  it('turns an error status, an answer without text and a timeout into SttError', async () => {
    respond = json({ errors: [{ code: '10009', title: 'Authentication failed' }] }, 401);
    await expect(stt().transcribe(audio, 'audio/wav')).rejects.toThrow(/HTTP 401/);
    respond = json({ detail: 'boom' }, 500);
    await expect(stt().transcribe(audio, 'audio/wav')).rejects.toThrow(/HTTP 500/);
    respond = json({ segments: [] });
    await expect(stt().transcribe(audio, 'audio/wav')).rejects.toThrow(/no text/);
    respond = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"text": ');
    await expect(stt().transcribe(audio, 'audio/wav')).rejects.toBeInstanceOf(SttError);
    respond = () => undefined;
    const started = Date.now();
    await expect(stt().transcribe(audio, 'audio/wav')).rejects.toThrow(/longer than 300 ms/);
    expect(Date.now() - started).toBeLessThan(300 + 1500);
  });
});
