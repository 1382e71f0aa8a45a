import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { NativeConnection } from '@temporalio/worker';
import { type TemporalAdminConnection, setUpTemporal } from '../apps/worker/src/temporal-setup';
import { connectTemporal, loadConfig, temporalConnectionOptions } from '../libs/config/src';
import { AttemptKey, CampaignIdKey, CampaignStatusKey, SEARCH_ATTRIBUTE_KEYS } from '../libs/contracts/src';
import { type DevServer, freePort, startTemporalDevServer } from './support/temporal-dev-server';

const { INDEXED_VALUE_TYPE_KEYWORD: KEYWORD, INDEXED_VALUE_TYPE_INT: INT } = temporal.api.enums.v1.IndexedValueType;

/** The worker's own setup on a bare cluster: a dev server started without the `--search-attribute` flags. */
describe('Temporal setup on a cluster without the dialer search attributes', () => {
  let server: DevServer;
  let connection: Connection;
  const messages: string[] = [];
  const logger = { log: (message: string) => messages.push(message), warn: (message: string) => messages.push(`warn: ${message}`) };

  beforeAll(async () => {
    server = await startTemporalDevServer(await freePort(), [], { searchAttributes: false });
    connection = await Connection.connect(temporalConnectionOptions(loadConfig({ TEMPORAL_ADDRESS: server.address }).temporal));
  });

  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });

  const customAttributes = async (namespace: string) =>
    (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};

  /** A start that sets search attributes; nothing polls its task queue, so it only has to be accepted. */
  const startWithSearchAttributes = (namespace: string) =>
    new Client({ connection, namespace }).workflow.start('campaignWorkflow', {
      taskQueue: `setup-test-${randomUUID()}`,
      workflowId: `setup-test-${randomUUID()}`,
      typedSearchAttributes: [
        { key: CampaignIdKey, value: 'campaign-1' },
        { key: AttemptKey, value: 2 },
        { key: CampaignStatusKey, value: 'running' },
      ],
    });

  it('registers the six search attributes with their types, once', async () => {
    const before = await customAttributes('default');
    expect(SEARCH_ATTRIBUTE_KEYS.filter((key) => key.name in before)).toEqual([]);
    const refused = await startWithSearchAttributes('default').catch((error: Error) => error);
    expect(String((refused as Error).cause)).toMatch(/no mapping defined for search attribute/);

    await setUpTemporal(connection, 'default', logger);
    const after = await customAttributes('default');
    expect(after).toMatchObject({
      CampaignId: KEYWORD,
      OrganizationId: KEYWORD,
      ContactId: KEYWORD,
      Attempt: INT,
      CallOutcome: KEYWORD,
      CampaignStatus: KEYWORD,
    });
    expect(messages).toEqual([expect.stringMatching(/registered search attributes CampaignId .*CampaignStatus .* in namespace default/)]);

    messages.length = 0;
    await setUpTemporal(connection, 'default', logger);
    expect(messages).toEqual([]);
    expect(await customAttributes('default')).toEqual(after);

    const handle = await startWithSearchAttributes('default');
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(CampaignIdKey)).toBe('campaign-1');
    expect(description.typedSearchAttributes.get(AttemptKey)).toBe(2);
    await handle.terminate('setup test');
  });

  it('registers a missing namespace, then its search attributes, through the worker kind of connection too', async () => {
    const namespace = `dialer-setup-${randomUUID().slice(0, 8)}`;
    const native = await NativeConnection.connect({ address: server.address });
    try {
      await setUpTemporal(native, namespace, logger);
      await setUpTemporal(native, namespace, logger);
    } finally {
      await native.close();
    }
    expect(await customAttributes(namespace)).toMatchObject({ CampaignId: KEYWORD, Attempt: INT, CampaignStatus: KEYWORD });
    const handle = await startWithSearchAttributes(namespace);
    expect((await handle.describe()).typedSearchAttributes.get(CampaignStatusKey)).toBe('running');
    await handle.terminate('setup test');
  });

  it('on a cluster that refuses the operator API, checks the attributes exist by a visibility query', async () => {
    const namespace = `dialer-cloud-${randomUUID().slice(0, 8)}`;
    const refused = Object.assign(new Error('7 PERMISSION_DENIED: Request unauthorized.'), { code: 7 });
    const cloudLike = {
      workflowService: connection.workflowService,
      operatorService: { listSearchAttributes: () => Promise.reject(refused) },
    } as unknown as TemporalAdminConnection;
    await expect(setUpTemporal(cloudLike, namespace, logger)).rejects.toThrow(
      /Create them in namespace dialer-cloud-\w+ .*: CampaignId \(KEYWORD\), OrganizationId \(KEYWORD\), ContactId \(KEYWORD\), Attempt \(INT\), CallOutcome \(KEYWORD\), CampaignStatus \(KEYWORD\)$/,
    );

    await setUpTemporal(connection, namespace, logger);
    messages.length = 0;
    await setUpTemporal(cloudLike, namespace, logger);
    expect(messages).toEqual([expect.stringMatching(/^warn: .*exist in namespace dialer-cloud-/)]);
  });

  // The dev server cannot serve TLS: what is checked is that a TLS mistake ends in a clear error, not a hang.
  describe('connecting with TLS to this plaintext server', () => {
    // A server name, as a hosted cluster's address has: TLS names an IP address only with a warning.
    const tlsConfig = () => loadConfig({ TEMPORAL_ADDRESS: server.address, TEMPORAL_TLS: 'on', TEMPORAL_TLS_SERVER_NAME: 'localhost' }).temporal;
    const clearError = () => new RegExp(`Cannot connect to Temporal at ${server.address} with TLS .*serves TLS`);

    it('fails the client connection within its connect timeout', async () => {
      const started = Date.now();
      await expect(connectTemporal(tlsConfig(), (options) => Connection.connect({ ...options, connectTimeout: '2s' }))).rejects.toThrow(clearError());
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('fails the worker connection at once', async () => {
      const started = Date.now();
      await expect(connectTemporal(tlsConfig(), (options) => NativeConnection.connect(options))).rejects.toThrow(clearError());
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });
});
