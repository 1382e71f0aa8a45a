import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AudioServer } from './audio.server';
import { EspeakTtsEngine, espeakLanguage } from './espeak-tts.engine';

describe('EspeakTtsEngine and AudioServer (real espeak-ng and sox)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tts-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('renders 8 kHz mono 16-bit WAV, cached by text and voice', async () => {
    const engine = new EspeakTtsEngine({ cacheDir: dir, voice: 'female', language: 'en-US' });
    await engine.checkAvailable();
    const [a, b] = await Promise.all([engine.synthesize('-v hello there'), engine.synthesize('-v hello there')]);
    expect(a).toEqual(b);
    const wav = await readFile(a.path);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt16LE(22)).toBe(1); // channels
    expect(wav.readUInt32LE(24)).toBe(8000); // sample rate
    expect(wav.readUInt16LE(34)).toBe(16); // bits per sample
    expect(wav.length).toBeGreaterThan(4000);
    const before = (await stat(a.path)).mtimeMs;
    await engine.synthesize('-v hello there');
    expect((await stat(a.path)).mtimeMs).toBe(before);
    const male = new EspeakTtsEngine({ cacheDir: dir, voice: 'male', language: 'en-US' });
    expect((await male.synthesize('-v hello there')).id).not.toBe(a.id);
  });

  it("speaks the utterance's language, each language cached apart", async () => {
    expect(['en-US', 'en-GB', 'es-ES', 'es-MX', 'es-US'].map(espeakLanguage)).toEqual(['en-us', 'en-gb', 'es', 'es-419', 'es-419']);
    const engine = new EspeakTtsEngine({ cacheDir: dir, voice: 'female', language: 'en-US' });
    const english = await engine.synthesize('Hola');
    const spain = await engine.synthesize('Hola', 'es-ES');
    const mexico = await engine.synthesize('Hola', 'es-MX');
    expect(new Set([english.id, spain.id, mexico.id]).size).toBe(3);
    expect(english).toEqual(await engine.synthesize('Hola', 'en-US'));
    expect(spain).toEqual(await new EspeakTtsEngine({ cacheDir: dir, voice: 'female', language: 'es-ES' }).synthesize('Hola'));
  });

  it('serves only content ids over HTTP', async () => {
    const engine = new EspeakTtsEngine({ cacheDir: dir, voice: 'female', language: 'en-US' });
    const audio = await engine.synthesize('served');
    const server = new AudioServer({ directory: dir });
    await server.listen(0, '127.0.0.1');
    try {
      const ok = await fetch(server.urlFor(audio.id));
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('audio/wav');
      expect(ok.headers.get('cache-control')).toBe('max-age=86400');
      expect(ok.headers.get('etag')).toBe(`"${audio.id}"`);
      expect(Buffer.from(await ok.arrayBuffer()).equals(await readFile(audio.path))).toBe(true);
      const base = server.urlFor(audio.id).replace(/\/tts\/.*$/, '');
      expect((await fetch(`${base}/tts/..%2f..%2fetc%2fpasswd.wav`)).status).toBe(404);
      expect((await fetch(`${base}/tts/${'0'.repeat(64)}.wav`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
