import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { Subject } from 'rxjs';
import type { AppConfig } from '../../../../libs/config/src';
import { APP_CONFIG } from '../common/app-config.provider';

/** A call or campaign row changed; sent by the database trigger notify_dialer_change. */
export interface DialerChange {
  type: 'call' | 'campaign';
  op: 'insert' | 'update';
  organizationId: string;
  id: string;
  campaignId: string;
  status: string;
  outcome: string | null;
}

const CHANNEL = 'dialer_changes';
const RECONNECT_MS = 1_000;

/**
 * One LISTEN connection per API process, fanned out to every open event stream. The database announces
 * changes itself, so changes made by the worker reach consoles too.
 */
@Injectable()
export class ChangeFeed implements OnModuleInit, OnModuleDestroy {
  readonly changes = new Subject<DialerChange>();
  private readonly logger = new Logger(ChangeFeed.name);
  private client?: Client;
  private closed = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.changes.complete();
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      this.changes.next(JSON.parse(message.payload) as DialerChange);
    });
    client.on('error', (error) => {
      this.logger.warn(`change feed connection lost: ${error.message}`);
      this.reconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  private reconnect(): void {
    if (this.closed) return;
    void this.client?.end().catch(() => undefined);
    this.client = undefined;
    setTimeout(() => {
      this.connect().catch((error: unknown) => {
        this.logger.warn(`change feed reconnect failed: ${error instanceof Error ? error.message : String(error)}`);
        this.reconnect();
      });
    }, RECONNECT_MS).unref();
  }
}
