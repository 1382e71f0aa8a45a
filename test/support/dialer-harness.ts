import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { DialerWorker } from '../../apps/worker/src/dialer-worker';
import type { AppConfig } from '../../libs/config/src';
import type { ConversationTrace } from '../../libs/conversation/src';
import { login, startApi } from './api-app';
import { CampaignDriver } from './campaign-driver';
import { createTenant, testDatabase } from './test-env';

/** The whole dialer in this process (API, optionally the worker) and an admin of a fresh organization. */
export interface DialerHarness {
  db: DataSource;
  app: INestApplication;
  driver: CampaignDriver;
  temporal: Client;
  organizationId: string;
  close(): Promise<void>;
}

/** `trace` is told of each conversation's moments in the worker, in the order they happen. */
export async function startDialer(config: AppConfig, options: { worker: boolean; trace?: ConversationTrace } = { worker: true }): Promise<DialerHarness> {
  const db = await testDatabase();
  let worker: DialerWorker | undefined;
  if (options.worker) {
    worker = new DialerWorker(config, options.trace);
    await worker.start();
  }
  const app = await startApi(config);
  const tenant = await createTenant(db);
  const driver = new CampaignDriver(app, db, await login(app, tenant.email, tenant.password));
  const connection = await Connection.connect({ address: config.temporal.address });
  const temporal = new Client({ connection, namespace: config.temporal.namespace });
  return {
    db,
    app,
    driver,
    temporal,
    organizationId: tenant.organizationId,
    async close() {
      await connection.close();
      await app.close();
      await worker?.stop();
      await db.destroy();
    },
  };
}

/** The API alone, with an admin and a viewer of one organization and an admin of another. */
export async function startApiWithTenants(config: AppConfig) {
  const db = await testDatabase();
  const app = await startApi(config);
  const tenant = await createTenant(db);
  const other = await createTenant(db);
  const viewerUser = await createTenant(db, 'viewer', tenant.organizationId);
  return {
    db,
    app,
    organizationId: tenant.organizationId,
    admin: await login(app, tenant.email, tenant.password),
    otherAdmin: await login(app, other.email, other.password),
    viewer: await login(app, viewerUser.email, viewerUser.password),
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}
