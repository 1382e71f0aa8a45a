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
});
