import { ConfigError, loadConfig } from './app.config';

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

  it('refuses production without a JWT secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
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
});
