import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EspeakTtsEngine } from './espeak-tts.engine';
import { FallbackTtsEngine } from './fallback-tts.engine';
import { OpenAiTtsEngine } from './openai-tts.engine';
import { TelnyxTtsEngine } from './telnyx-tts.engine';
import { TtsError } from './tts-error';

/** A local server speaks each provider's API; every test says how it answers. Real sox and eSpeak NG. */
describe('cloud voices', () => {
  const TIMEOUT_MS = 400;
  let server: Server;
  let baseUrl: string;
  let dir: string;
  let providerWav: Buffer;
  let respond: (res: ServerResponse) => void;
  let requests: { method: string; path: string; headers: IncomingMessage['headers']; body: string }[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cloud-tts-'));
    // What a provider sends: 24 kHz, unlike the 8 kHz Asterisk plays.
    const source = join(dir, 'provider.wav');
    await promisify(execFile)('sox', ['-n', '-r', '24000', '-c', '1', '-b', '16', source, 'synth', '0.4', 'sine', '440']);
    providerWav = await readFile(source);
    await rm(source);
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
        respond(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    requests = [];
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  const wav = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'audio/wav' }).end(providerWav);
  const json = (body: unknown, status: number) => (res: ServerResponse) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const never = () => undefined;
  const telnyx = (voice = 'Telnyx.NaturalHD.astra') =>
    new TelnyxTtsEngine({ cacheDir: dir, baseUrl: `${baseUrl}/v2`, apiKey: 'telnyx-key', voice, timeoutMs: TIMEOUT_MS });
  const openAi = () =>
    new OpenAiTtsEngine({ cacheDir: dir, baseUrl: `${baseUrl}/v1`, apiKey: 'openai-key', model: 'tts-1', voice: 'alloy', timeoutMs: TIMEOUT_MS });

  async function expectTelephonyWav(path: string): Promise<void> {
    const file = await readFile(path);
    expect(file.toString('ascii', 0, 4)).toBe('RIFF');
    expect(file.readUInt16LE(22)).toBe(1); // channels
    expect(file.readUInt32LE(24)).toBe(8000); // sample rate
    expect(file.readUInt16LE(34)).toBe(16); // bits per sample
    expect(file.length).toBeGreaterThan(6000); // 0.4 s at 16 kB/s, plus the header
  }

  it('Telnyx: posts text and voice with a Bearer key, converts the answer to 8 kHz WAV, and makes it once', async () => {
    respond = wav;
    const engine = telnyx();
    const [a, b] = await Promise.all([engine.synthesize('Hello from the cloud.'), engine.synthesize('Hello from the cloud.')]);
    expect(a).toEqual(b);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/v2/text-to-speech/speech' });
    expect(requests[0]?.headers.authorization).toBe('Bearer telnyx-key');
    expect(requests[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({ text: 'Hello from the cloud.', voice: 'Telnyx.NaturalHD.astra' });
    await expectTelephonyWav(a.path);

    expect(await engine.synthesize('Hello from the cloud.')).toEqual(a);
    expect(requests).toHaveLength(1);
    const other = await telnyx('Telnyx.NaturalHD.albion').synthesize('Hello from the cloud.');
    expect(other.id).not.toBe(a.id);
    expect(requests).toHaveLength(2);
  });

  it("Telnyx: sends the conversation's language beside the voice, and caches each language apart", async () => {
    respond = wav;
    const engine = telnyx();
    const spanish = await engine.synthesize('Hola, ¿qué tal?', 'es-MX');
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({ text: 'Hola, ¿qué tal?', voice: 'Telnyx.NaturalHD.astra', language: 'es-MX' });
    expect(await engine.synthesize('Hola, ¿qué tal?', 'es-MX')).toEqual(spanish);
    expect((await engine.synthesize('Hola, ¿qué tal?', 'es-ES')).id).not.toBe(spanish.id);
    expect(requests).toHaveLength(2);
  });

  it('OpenAI-compatible: posts model, voice, input and asks for WAV, then converts and caches', async () => {
    respond = wav;
    const audio = await openAi().synthesize('Is now a good time?');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/v1/audio/speech' });
    expect(requests[0]?.headers.authorization).toBe('Bearer openai-key');
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({ model: 'tts-1', voice: 'alloy', input: 'Is now a good time?', response_format: 'wav' });
    await expectTelephonyWav(audio.path);
    expect(await openAi().synthesize('Is now a good time?')).toEqual(audio);
    expect(requests).toHaveLength(1);
  });

  it('turns an error status, a non-audio answer, unreadable audio and silence into a clear TtsError', async () => {
    const engine = openAi();
    respond = json({ error: { message: 'Incorrect API key' } }, 401);
    await expect(engine.synthesize('one')).rejects.toThrow(/OpenAI-compatible speech answered HTTP 401: .*Incorrect API key/);
    respond = json({ errors: [{ title: 'Internal error' }] }, 500);
    await expect(telnyx().synthesize('one')).rejects.toThrow(/Telnyx text-to-speech answered HTTP 500/);
    respond = json({ base64_audio: 'AAAA' }, 200);
    await expect(engine.synthesize('one')).rejects.toThrow(/answered application\/json, not WAV or MP3 audio/);
    respond = (res) => res.writeHead(200, { 'content-type': 'audio/wav' }).end('not a wav file at all');
    await expect(engine.synthesize('one')).rejects.toThrow(/wav audio that sox cannot convert/);
    respond = (res) => res.writeHead(200, { 'content-type': 'audio/wav' }).end();
    await expect(engine.synthesize('one')).rejects.toBeInstanceOf(TtsError);

    respond = never;
    const started = Date.now();
    await expect(engine.synthesize('one')).rejects.toThrow(`OpenAI-compatible speech took longer than ${TIMEOUT_MS} ms`);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1500);
    // Failed utterances leave neither a cached file nor scratch files behind.
    expect((await readdir(dir)).filter((name) => !/^[0-9a-f]{64}\.wav$/.test(name))).toEqual([]);
  });

  it('falls back to eSpeak for an utterance the cloud fails on mid-call, and tries the cloud again next time', async () => {
    const warnings: string[] = [];
    const espeak = new EspeakTtsEngine({ cacheDir: dir, voice: 'female', language: 'en-US' });
    const voice = new FallbackTtsEngine(telnyx(), espeak, { warn: (message) => warnings.push(message) });

    respond = wav;
    const greeting = await voice.synthesize('Hi, this is the clinic.');
    expect(requests).toHaveLength(1);

    respond = json({ errors: [] }, 500);
    const question = await voice.synthesize('Can you come on Tuesday?');
    expect(question).toEqual(await espeak.synthesize('Can you come on Tuesday?'));
    expect(warnings).toEqual([expect.stringMatching(/HTTP 500/)]);

    respond = never;
    const started = Date.now();
    const closing = await voice.synthesize('Thank you, goodbye.');
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1500);
    expect(closing).toEqual(await espeak.synthesize('Thank you, goodbye.'));
    expect(warnings[1]).toMatch(/longer than 400 ms/);
    await expectTelephonyWav(closing.path);

    respond = wav;
    const retry = await voice.synthesize('One more thing.');
    expect(retry.id).not.toBe((await espeak.synthesize('One more thing.')).id);
    expect(greeting.id).not.toBe(question.id);
    expect(warnings).toHaveLength(2);
  });
});
