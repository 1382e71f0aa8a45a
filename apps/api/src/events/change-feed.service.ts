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
/** Shown in pg_stat_activity, so an operator can tell each API process's listener from the query pool. */
export const changeFeedApplicationName = (pid = process.pid) => `ai-dialer-change-feed:${pid}`;
const RECONNECT_MS = 1_000;

/**
 * One LISTEN connection per API process, fanned out to every open event stream. The database announces
 * changes itself, so changes made by the worker reach consoles too. A lost connection is re-opened;
 * changes made while it was down are not replayed (consoles reload their lists when a stream reopens).
 */
@Injectable()
export class ChangeFeed implements OnModuleInit, OnModuleDestroy {
  readonly changes = new Subject<DialerChange>();
  /** Emits once at shutdown, so open streams end and the HTTP server can close. */
  readonly closing = new Subject<void>();
  private readonly logger = new Logger(ChangeFeed.name);
  private client?: Client;
  private closed = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.closing.next();
    this.closing.complete();
    this.changes.complete();
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: changeFeedApplicationName() });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      this.changes.next(JSON.parse(message.payload) as DialerChange);
    });
    client.on('error', (error) => this.lost(client, error.message));
    client.on('end', () => this.lost(client, 'connection ended'));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  private lost(client: Client, reason: string): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    this.logger.warn(`change feed connection lost (${reason}); reconnecting`);
    void client.end().catch(() => undefined);
    this.reconnectLater();
  }

  private reconnectLater(): void {
    setTimeout(() => {
      if (this.closed) return;
      this.connect().catch((error: unknown) => {
        this.logger.warn(`change feed reconnect failed: ${error instanceof Error ? error.message : String(error)}`);
        this.reconnectLater();
      });
    }, RECONNECT_MS).unref();
  }
}
