import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { QueueStatus } from '../../libs/contracts/src';
import { eventually } from './test-env';

export interface CallRow {
  phone: string;
  attempt: number;
  status: string;
  outcome: string | null;
  dialed_at: Date | null;
  answered_at: Date | null;
  ended_at: Date | null;
  compliance: { reason?: string; retryAt?: string | null } | null;
}

/** Drives campaigns through the HTTP API as an admin would, and reads the results from PostgreSQL. */
export class CampaignDriver {
  constructor(
    private readonly app: INestApplication,
    private readonly db: DataSource,
    private readonly token: string,
  ) {}

  private http() {
    return request(this.app.getHttpServer());
  }

  post(path: string, body: unknown) {
    return this.http().post(`/api/v1${path}`).set('Authorization', `Bearer ${this.token}`).send(body as object);
  }

  put(path: string, body: unknown) {
    return this.http().put(`/api/v1${path}`).set('Authorization', `Bearer ${this.token}`).send(body as object);
  }

  patch(path: string, body: unknown) {
    return this.http().patch(`/api/v1${path}`).set('Authorization', `Bearer ${this.token}`).send(body as object);
  }

  delete(path: string) {
    return this.http().delete(`/api/v1${path}`).set('Authorization', `Bearer ${this.token}`);
  }

  get(path: string) {
    return this.http().get(`/api/v1${path}`).set('Authorization', `Bearer ${this.token}`);
  }

  async createCampaign(body: Record<string, unknown>, contacts: { phone: string; firstName?: string; timezone?: string }[]): Promise<string> {
    const created = await this.post('/campaigns', { name: `Engine test ${Date.now()}`, ...body }).expect(201);
    const campaignId = (created.body as { campaign: { id: string } }).campaign.id;
    await this.post(`/campaigns/${campaignId}/contacts`, {
      contacts: contacts.map((c, i) => ({ firstName: c.firstName ?? `Contact${i}`, ...c })),
    }).expect(201);
    return campaignId;
  }

  async start(campaignId: string): Promise<void> {
    await this.post('/calls/automated/start', { campaignId }).expect(200);
  }

  async status(campaignId: string): Promise<QueueStatus> {
    const res = await this.get(`/calls/queue/status/${campaignId}`).expect(200);
    return (res.body as { status: QueueStatus }).status;
  }

  async waitForStatus(campaignId: string, wanted: QueueStatus['status'], timeoutMs = 120_000): Promise<QueueStatus> {
    return eventually(
      async () => {
        const status = await this.status(campaignId);
        return status.status === wanted ? status : undefined;
      },
      `campaign ${campaignId} to be ${wanted}`,
      timeoutMs,
      300,
    );
  }

  async calls(campaignId: string): Promise<CallRow[]> {
    return (await this.db.query(
      `SELECT ct.phone, c.attempt, c.status, c.outcome, c.dialed_at, c.answered_at, c.ended_at, c.compliance
         FROM calls c JOIN contacts ct ON ct.id = c.contact_id
        WHERE c.campaign_id = $1 ORDER BY c.dialed_at NULLS LAST, c.created_at`,
      [campaignId],
    )) as CallRow[];
  }

  async contacts(campaignId: string): Promise<Map<string, { status: string; attempts: number }>> {
    const rows = (await this.db.query('SELECT phone, status, attempts FROM contacts WHERE campaign_id = $1', [campaignId])) as {
      phone: string;
      status: string;
      attempts: number;
    }[];
    return new Map(rows.map((r) => [r.phone, r]));
  }
}

/** The most calls up at the same moment, from their dial and end times. */
export function maxOverlap(calls: { dialed_at: Date | null; ended_at: Date | null }[]): number {
  const edges = calls
    .filter((c) => c.dialed_at && c.ended_at)
    .flatMap((c) => [
      { at: c.dialed_at!.getTime(), delta: 1 },
      { at: c.ended_at!.getTime(), delta: -1 },
    ])
    // Ends before starts at the same instant: a call that ended as another began did not overlap it.
    .sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let max = 0;
  for (const edge of edges) {
    current += edge.delta;
    max = Math.max(max, current);
  }
  return max;
}
