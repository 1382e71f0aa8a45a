import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, PUBLISHED_SECRETS, loadConfig } from './app.config';

/** A production environment with secrets of its own (hex, as docs/deploy.md generates them). */
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a3f1c9d27e8b40615f2a9c8d7e6b5a4f',
  DATABASE_URL: 'postgres://postgres:5e9b2c7a41d8f036@postgres:5432/ai_dialer',
  ARI_PASSWORD: '7c41e9a2b85d3f60',
};

describe(loadConfig.name, () => {
  it('uses the sandbox defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.ari.url).toBe('http://127.0.0.1:8088');
    expect(config.dialing.dialStringTemplate).toBe('Local/{number}@sim-customers');
    expect(config.callDefaults).toMatchObject({ maxConcurrentCalls: 10, callIntervalMs: 30000, retryAttempts: 3, retryDelayMinutes: 5 });
  });

  it('names the bad variables without echoing their values', () => {
    expect(() => loadConfig({ MAX_CONCURRENT_CALLS: 'lots', DIAL_STRING_TEMPLATE: 'PJSIP/secret-trunk' })).toThrow(ConfigError);
    try {
      loadConfig({ MAX_CONCURRENT_CALLS: 'lots', DIAL_STRING_TEMPLATE: 'PJSIP/secret-trunk' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('MAX_CONCURRENT_CALLS');
      expect(message).toContain('DIAL_STRING_TEMPLATE');
      expect(message).not.toContain('secret-trunk');
    }
  });

  describe('in production', () => {
    it('starts with secrets of its own', () => {
      const config = loadConfig(PRODUCTION);
      expect(config).toMatchObject({ env: 'production', jwt: { secret: PRODUCTION.JWT_SECRET }, ari: { password: PRODUCTION.ARI_PASSWORD } });
      expect(config.databaseUrl).toBe(PRODUCTION.DATABASE_URL);
    });

    it.each(['JWT_SECRET', 'DATABASE_URL', 'ARI_PASSWORD'])('refuses to fall back to the sandbox default of %s', (name) => {
      expect(() => loadConfig({ ...PRODUCTION, [name]: undefined })).toThrow(`${name} is required when NODE_ENV=production`);
      expect(() => loadConfig({ ...PRODUCTION, [name]: '' })).toThrow(ConfigError);
    });

    it('refuses every secret this repository publishes, without echoing it', () => {
      for (const secret of PUBLISHED_SECRETS.filter((s) => s.length >= 16)) {
        expect(() => loadConfig({ ...PRODUCTION, JWT_SECRET: secret })).toThrow(/JWT_SECRET must be/);
      }
      expect(() => loadConfig({ ...PRODUCTION, ARI_PASSWORD: 'dialer' })).toThrow(/ARI_PASSWORD must be/);
      for (const password of ['postgres', 'dialer', 'demo-password']) {
        const url = `postgres://postgres:${password}@postgres:5432/ai_dialer`;
        expect(() => loadConfig({ ...PRODUCTION, DATABASE_URL: url })).toThrow(/DATABASE_URL must not use a password published/);
        expect(() => loadConfig({ ...PRODUCTION, DATABASE_URL: url })).not.toThrow(new RegExp(`:${password}@`));
      }
    });

    it('wants a JWT secret of 32 characters and an ARI password of 16', () => {
      expect(() => loadConfig({ ...PRODUCTION, JWT_SECRET: 'x'.repeat(31) })).toThrow(/JWT_SECRET must be at least 32 characters/);
      expect(() => loadConfig({ ...PRODUCTION, ARI_PASSWORD: 'x'.repeat(15) })).toThrow(/ARI_PASSWORD must be at least 16 characters/);
      expect(() => loadConfig({ ...PRODUCTION, JWT_SECRET: 'x'.repeat(32), ARI_PASSWORD: 'y'.repeat(16) })).not.toThrow();
    });

    it('names every problem at once', () => {
      expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required.*DATABASE_URL is required.*ARI_PASSWORD is required/);
    });

    it('leaves development and tests on the sandbox defaults', () => {
      expect(loadConfig({ NODE_ENV: 'test' }).ari.password).toBe('dialer');
      expect(loadConfig({}).jwt.secret).toBe(PUBLISHED_SECRETS[0]);
    });
  });

  it('configures a model only with both its address and its name', () => {
    expect(() => loadConfig({ LLM_BASE_URL: 'http://127.0.0.1:9/v1' })).toThrow(/LLM_MODEL is required/);
    expect(loadConfig({}).conversation.llm).toBeUndefined();
    expect(loadConfig({ LLM_BASE_URL: 'http://127.0.0.1:9/v1', LLM_MODEL: 'm', LLM_API_KEY: 'k' }).conversation.llm).toEqual({
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'm',
      apiKey: 'k',
      timeoutMs: 2500,
    });
  });
  it('requires the key of the cloud voice it is asked for, and names the variable', () => {
    expect(loadConfig({}).tts.cloud).toBeUndefined();
    expect(() => loadConfig({ TTS_ENGINE: 'telnyx' })).toThrow(/TELNYX_API_KEY is required when TTS_ENGINE=telnyx/);
    expect(() => loadConfig({ TTS_ENGINE: 'openai', TELNYX_API_KEY: 'k' })).toThrow(/TTS_API_KEY is required when TTS_ENGINE=openai/);
    expect(loadConfig({ TTS_ENGINE: 'telnyx', TELNYX_API_KEY: 'k' }).tts.cloud).toEqual({
      engine: 'telnyx',
      baseUrl: 'https://api.telnyx.com/v2',
      apiKey: 'k',
      voice: 'Telnyx.NaturalHD.astra',
      timeoutMs: 3000,
    });
    expect(loadConfig({ TTS_ENGINE: 'openai', TTS_API_KEY: 'k', TTS_VOICE_NAME: 'nova', TTS_TIMEOUT_MS: '2000' }).tts.cloud).toEqual({
      engine: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      apiKey: 'k',
      model: 'tts-1',
      voice: 'nova',
      timeoutMs: 2000,
    });
  });

  it('transcribes with Telnyx on its own key or STT_API_KEY', () => {
    expect(() => loadConfig({ STT_ENGINE: 'telnyx' })).toThrow(/STT_API_KEY or TELNYX_API_KEY is required when STT_ENGINE=telnyx/);
    expect(loadConfig({ STT_ENGINE: 'telnyx', TELNYX_API_KEY: 'k' }).conversation.stt).toEqual({
      engine: 'telnyx',
      baseUrl: 'https://api.telnyx.com/v2',
      apiKey: 'k',
      model: 'distil-whisper/distil-large-v2',
      timeoutMs: 8000,
    });
    expect(loadConfig({ STT_ENGINE: 'telnyx', TELNYX_API_KEY: 'k', STT_API_KEY: 's' }).conversation.stt).toMatchObject({ apiKey: 's' });
    expect(() => loadConfig({ STT_ENGINE: 'openai', TELNYX_API_KEY: 'k' })).toThrow(/STT_API_KEY is required when STT_ENGINE=openai/);
  });

  it('prices model tokens at separate input and output rates, free by default', () => {
    expect(loadConfig({}).conversation.rates).toEqual({ perMinute: 0, ttsPer1kChars: 0, llmPer1kPromptTokens: 0, llmPer1kCompletionTokens: 0 });
    const rates = loadConfig({ LLM_COST_PER_1K_PROMPT_TOKENS: '0.0005', LLM_COST_PER_1K_COMPLETION_TOKENS: '0.0015' }).conversation.rates;
    expect(rates).toMatchObject({ llmPer1kPromptTokens: 0.0005, llmPer1kCompletionTokens: 0.0015 });
    expect(() => loadConfig({ LLM_COST_PER_1K_PROMPT_TOKENS: '-1' })).toThrow(/LLM_COST_PER_1K_PROMPT_TOKENS/);
  });

  describe('Temporal TLS and API key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'temporal-tls-config-'));
    const file = (name: string) => {
      const path = join(dir, name);
      writeFileSync(path, `-----BEGIN ${name}-----\n`);
      return path;
    };
    const cert = file('client.pem');
    const key = file('client.key');
    const ca = file('ca.pem');
    afterAll(() => rmSync(dir, { recursive: true }));

    it('connects in plaintext by default', () => {
      expect(loadConfig({}).temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'ai-dialer', tls: undefined, apiKey: undefined });
      expect(loadConfig({ TEMPORAL_TLS: 'off', TEMPORAL_API_KEY: '', TEMPORAL_TLS_CERT_PATH: '' }).temporal.tls).toBeUndefined();
    });

    it('turns TLS on when asked, and for an API key or a TLS file', () => {
      expect(loadConfig({ TEMPORAL_TLS: 'on' }).temporal.tls).toEqual({});
      expect(loadConfig({ TEMPORAL_API_KEY: 'cloud-key' }).temporal).toMatchObject({ tls: {}, apiKey: 'cloud-key' });
      expect(loadConfig({ TEMPORAL_TLS_CA_PATH: ca }).temporal.tls).toEqual({ serverRootCaPath: ca });
      expect(loadConfig({ TEMPORAL_TLS_CERT_PATH: cert, TEMPORAL_TLS_KEY_PATH: key, TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' }).temporal.tls).toEqual({
        clientCert: { certPath: cert, keyPath: key },
        serverName: 'temporal.internal',
      });
    });

    it('refuses TEMPORAL_TLS=off with TLS settings or an API key, naming them and not the key', () => {
      expect(() => loadConfig({ TEMPORAL_TLS: 'off', TEMPORAL_TLS_CA_PATH: ca })).toThrow(/TEMPORAL_TLS=off conflicts with TEMPORAL_TLS_CA_PATH/);
      expect(() => loadConfig({ TEMPORAL_TLS: 'off', TEMPORAL_API_KEY: 'cloud-key' })).toThrow(/TEMPORAL_TLS=off conflicts with TEMPORAL_API_KEY/);
      expect(() => loadConfig({ TEMPORAL_TLS: 'off', TEMPORAL_API_KEY: 'cloud-key' })).not.toThrow(/cloud-key/);
      expect(() => loadConfig({ TEMPORAL_TLS: 'yes' })).toThrow(/TEMPORAL_TLS/);
    });

    it('wants the client certificate and its key together', () => {
      expect(() => loadConfig({ TEMPORAL_TLS_CERT_PATH: cert })).toThrow(/TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together/);
      expect(() => loadConfig({ TEMPORAL_TLS_KEY_PATH: key })).toThrow(/TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together/);
    });

    it('names each TLS file that does not exist or is not a file', () => {
      const missing = join(dir, 'missing.pem');
      expect(() => loadConfig({ TEMPORAL_TLS_CERT_PATH: missing, TEMPORAL_TLS_KEY_PATH: dir })).toThrow(
        `TEMPORAL_TLS_CERT_PATH: ${missing} does not exist; TEMPORAL_TLS_KEY_PATH: ${dir} is not a file`,
      );
      expect(() => loadConfig({ TEMPORAL_TLS_CA_PATH: missing })).toThrow(`TEMPORAL_TLS_CA_PATH: ${missing} does not exist`);
    });
  });

  it('logs text at info outside production and JSON in production, unless told otherwise', () => {
    expect(loadConfig({}).logging).toEqual({ level: 'info', format: 'pretty' });
    expect(loadConfig(PRODUCTION).logging).toEqual({ level: 'info', format: 'json' });
    expect(loadConfig({ ...PRODUCTION, LOG_FORMAT: 'pretty', LOG_LEVEL: 'warn' }).logging).toEqual({ level: 'warn', format: 'pretty' });
    expect(loadConfig({ LOG_FORMAT: 'json', LOG_LEVEL: 'debug' }).logging).toEqual({ level: 'debug', format: 'json' });
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });

  it('serves metrics only when enabled, on loopback unless told otherwise', () => {
    expect(loadConfig({}).metrics).toEqual({ enabled: false, host: '127.0.0.1', port: 9464, temporalPort: 9465 });
    expect(loadConfig({ METRICS_ENABLED: 'true', METRICS_HOST: '0.0.0.0', METRICS_PORT: '9100', TEMPORAL_METRICS_PORT: '9101' }).metrics).toEqual({
      enabled: true,
      host: '0.0.0.0',
      port: 9100,
      temporalPort: 9101,
    });
    expect(loadConfig({ METRICS_ENABLED: '1' }).metrics.enabled).toBe(true);
    expect(loadConfig({ METRICS_ENABLED: '0' }).metrics.enabled).toBe(false);
    expect(() => loadConfig({ METRICS_ENABLED: 'yes' })).toThrow(/METRICS_ENABLED/);
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ TEMPORAL_METRICS_PORT: '0' })).toThrow(/TEMPORAL_METRICS_PORT/);
  });

  it('refuses one port for both metrics endpoints once they are served', () => {
    expect(() => loadConfig({ METRICS_ENABLED: 'true', METRICS_PORT: '9465' })).toThrow(/METRICS_PORT and TEMPORAL_METRICS_PORT must differ/);
    expect(loadConfig({ METRICS_PORT: '9465' }).metrics.enabled).toBe(false);
  });
});
