import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grammarWords, intentGrammar } from './intent-grammar';
import { DEBIAN_MODEL_DIR, PocketsphinxStt, dictionaryFor } from './pocketsphinx-stt';
import { SttError } from './stt-error';

/**
 * The real recogniser (Debian's pocketsphinx and pocketsphinx-en-us, installed by scripts/infra.sh) on
 * 8 kHz phone audio synthesised the way the sandbox's simulated customers speak: Flite for English,
 * eSpeak NG for Spanish.
 */
describe('PocketsphinxStt', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pocketsphinx-spec-'));
  const stt = new PocketsphinxStt({ modelDir: DEBIAN_MODEL_DIR, workDir: join(dir, 'work'), timeoutMs: 10_000 });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Speech as it arrives from a phone line: 8 kHz mono 16-bit WAV. */
  function phoneAudio(text: string, voice: { flite: string } | { espeak: string }): Buffer {
    const wide = join(dir, 'wide.wav');
    const phone = join(dir, 'phone.wav');
    if ('flite' in voice) execFileSync('flite', ['-voice', voice.flite, '-t', text, '-o', wide]);
    else execFileSync('espeak-ng', ['-v', voice.espeak, '-w', wide, text]);
    execFileSync('sox', [wide, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', phone]);
    return readFileSync(phone);
  }

  it('checks that its tools are installed', async () => {
    await expect(stt.checkAvailable()).resolves.toBeUndefined();
  });

  it.each([
    ['slt', 'yes I am interested'],
    ['rms', 'no thanks I am not interested'],
    ['awb', 'call me back tomorrow at three'],
    ['kal16', 'stop calling me'],
  ])('hears %s say "%s"', async (voice, text) => {
    expect((await stt.transcribe(phoneAudio(text, { flite: voice }), 'audio/wav')).text).toBe(text.toLowerCase());
  });

  it('hears nothing in noise', async () => {
    const noise = join(dir, 'noise.wav');
    execFileSync('sox', ['-R', '-n', '-r', '8000', '-c', '1', '-b', '16', noise, 'synth', '2', 'whitenoise', 'vol', '0.3']);
    expect((await stt.transcribe(readFileSync(noise), 'audio/wav')).text).toBe('');
  });

  it('hears Spanish with the Spanish grammar', async () => {
    // Spanish through the English model is the weakest case (see bench/README.md): every word heard is
    // a Spanish one, and at least one phrase comes through whole.
    const spanishWords = new Set(intentGrammar('es').lexicon!.split('\n').map((line) => line.split(' ')[0]));
    const phrases = ['sí estoy interesado', 'no gracias', 'quiero hablar con una persona'];
    const heard: string[] = [];
    for (const phrase of phrases) heard.push((await stt.transcribe(phoneAudio(phrase, { espeak: 'es' }), 'audio/wav', 'es-ES')).text);
    for (const text of heard) for (const word of text.split(' ').filter(Boolean)) expect(spanishWords).toContain(word);
    expect(heard.filter((text, i) => text === phrases[i]).length).toBeGreaterThanOrEqual(1);
  });

  describe('the dictionary it decodes with', () => {
    const full = readFileSync(join(DEBIAN_MODEL_DIR, 'cmudict-en-us.dict'), 'utf8');

    it("holds every word of the English grammar, each with all of the model dictionary's pronunciations unchanged", () => {
      const words = grammarWords(intentGrammar('en').jsgf);
      const entries = dictionaryFor(words, full).trim().split('\n');
      const expected = full.split('\n').filter((line) => words.has(line.split(' ')[0]!.replace(/\(\d+\)$/, '')));
      expect(entries).toEqual(expected);
      expect(new Set(entries.map((line) => line.split(' ')[0]!.replace(/\(\d+\)$/, '')))).toEqual(words);
      expect(entries).toContain('the(2) DH IY');
      expect(entries.length).toBeLessThan(full.split('\n').length / 100);
    });

    it('reads only the words of the rules, not the rule names, header or keywords', () => {
      expect(grammarWords("#JSGF V1.0;\ngrammar turn;\npublic <turn> = <yes> | i'm busy;\n<yes> = yes [please];\n")).toEqual(new Set(["i'm", 'busy', 'yes', 'please']));
    });

    it('spells every word of the Spanish grammar in its own lexicon', () => {
      const { jsgf, lexicon } = intentGrammar('es');
      expect(new Set(lexicon!.trim().split('\n').map((line) => line.split(' ')[0]))).toEqual(grammarWords(jsgf));
    });

    it('names a grammar word the dictionary lacks', () => {
      expect(() => dictionaryFor(new Set(['yes', 'zyzzyvaqx']), full)).toThrow(/lacks the grammar's words: zyzzyvaqx/);
    });
  });

  it('names a recording it cannot read', async () => {
    await expect(stt.transcribe(Buffer.from('not audio'), 'audio/wav')).rejects.toThrow(SttError);
  });
});
