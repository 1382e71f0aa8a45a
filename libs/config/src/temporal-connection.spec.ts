import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app.config';
import { connectTemporal, temporalConnectionOptions } from './temporal-connection';

describe(temporalConnectionOptions.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'temporal-connection-'));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const cert = file('client.pem', 'client certificate');
  const key = file('client.key', 'client key');
  const ca = file('ca.pem', 'server root CA');
  afterAll(() => rmSync(dir, { recursive: true }));

  const optionsFor = (env: Record<string, string>) => temporalConnectionOptions(loadConfig(env).temporal);

  it('connects in plaintext with the address alone by default', () => {
    expect(optionsFor({ TEMPORAL_ADDRESS: 'temporal:7233' })).toEqual({ address: 'temporal:7233' });
  });

  it('gives mTLS the certificate pair, the root CA and the server name as the SDK names them', () => {
    const options = optionsFor({
      TEMPORAL_TLS_CERT_PATH: cert,
      TEMPORAL_TLS_KEY_PATH: key,
      TEMPORAL_TLS_CA_PATH: ca,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    expect(options).toEqual({
      address: '127.0.0.1:7233',
      tls: {
        clientCertPair: { crt: Buffer.from('client certificate'), key: Buffer.from('client key') },
        serverRootCACertificate: Buffer.from('server root CA'),
        serverNameOverride: 'temporal.internal',
      },
    });
  });

  it('sends an API key over TLS with the system roots', () => {
    const options = optionsFor({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'cloud-key' });
    expect(options).toEqual({ address: 'ns.acct.tmprl.cloud:7233', tls: {}, apiKey: 'cloud-key' });
    expect(options.tls?.serverRootCACertificate).toBeUndefined();
  });
});

describe(connectTemporal.name, () => {
  const refuse = () => Promise.reject(new Error('Failed to connect before the deadline'));

  it('passes the options through and returns the connection', async () => {
    const config = loadConfig({ TEMPORAL_API_KEY: 'cloud-key' }).temporal;
    await expect(connectTemporal(config, async (options) => options)).resolves.toEqual({ address: '127.0.0.1:7233', tls: {}, apiKey: 'cloud-key' });
  });

  it('says where it connected, with or without TLS, and never shows the API key', async () => {
    const plain = connectTemporal(loadConfig({ TEMPORAL_ADDRESS: 'temporal:7233' }).temporal, refuse);
    await expect(plain).rejects.toThrow(
      'Cannot connect to Temporal at temporal:7233 without TLS (Failed to connect before the deadline); if the server requires TLS (Temporal Cloud does), set TEMPORAL_TLS=on or TEMPORAL_API_KEY',
    );
    const cloud = connectTemporal(loadConfig({ TEMPORAL_API_KEY: 'cloud-key' }).temporal, refuse);
    await expect(cloud).rejects.toThrow(/at 127\.0\.0\.1:7233 with TLS and an API key .*serves TLS/);
    await expect(cloud).rejects.not.toThrow(/cloud-key/);
  });
});
