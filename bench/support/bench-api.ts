import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import bcrypt from 'bcryptjs';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { AppModule } from '../../apps/api/src/app.module';
import { configureHttpApp } from '../../apps/api/src/http-app';
import { createDataSource } from '../../libs/db/src';

/** Benchmarks use a database of their own, so a million rows never slow the tests down. */
export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:54329/ai_dialer_bench';

export async function benchDatabase(databaseUrl = BENCH_DATABASE_URL): Promise<DataSource> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  const admin = new Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  await admin.end();
  const db = createDataSource(databaseUrl);
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  return db;
}

export interface BenchApi {
  app: INestApplication;
  baseUrl: string;
  token: string;
  close(): Promise<void>;
}

/** The real API, listening on an ephemeral port, and a Bearer token of an admin of the organization. */
export async function startBenchApi(db: DataSource, organizationId: string): Promise<BenchApi> {
  // The API reads its configuration from the environment, as in production.
  process.env.DATABASE_URL = BENCH_DATABASE_URL;
  process.env.RATE_LIMIT_CALL_CONTROL_PER_MINUTE = '100000';
  const app = configureHttpApp(await NestFactory.create(AppModule, { logger: ['error', 'warn'] }));
  await app.listen(0, '127.0.0.1');
  const baseUrl = `${await app.getUrl()}/api/v1`;
  const email = `bench-${randomUUID()}@bench.local`;
  await db.query(`INSERT INTO users (organization_id, email, password_hash, role) VALUES ($1, $2, $3, 'admin')`, [
    organizationId,
    email,
    await bcrypt.hash('bench', 4),
  ]);
  const login = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'bench' }),
  });
  const { token } = (await login.json()) as { token: string };
  return { app, baseUrl, token, close: () => app.close() };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
