import type { DataSource } from 'typeorm';
import { ContactRepository } from '../../libs/db/src';
import { createTenant } from './test-env';

/** A campaign of its own in a new organization, so a test reads only rows it wrote. */
export async function newCampaign(db: DataSource, organizationId?: string): Promise<{ organizationId: string; campaignId: string }> {
  const organization = organizationId ?? (await createTenant(db)).organizationId;
  const [{ id }] = (await db.query(`INSERT INTO campaigns (organization_id, name) VALUES ($1, 'Repository test') RETURNING id`, [organization])) as [
    { id: string },
  ];
  return { organizationId: organization, campaignId: id };
}

export async function newContact(db: DataSource, campaign: { organizationId: string; campaignId: string }, phone: string, name = { firstName: '', lastName: '', email: '' }) {
  const [contact] = await new ContactRepository(db).insertMany(campaign.organizationId, campaign.campaignId, [
    { ...name, phone, company: '', timezone: null, timezoneSource: null, customFields: {} },
  ]);
  if (!contact) throw new Error(`${phone} is already a contact of campaign ${campaign.campaignId}`);
  return { ...campaign, contactId: contact.id };
}

export interface CallFixture {
  attempt?: number;
  status?: string;
  outcome?: string | null;
  emotion?: string | null;
  duration?: number;
  /** ISO 8601, to the microsecond when the order of calls matters. */
  createdAt?: string;
}

/** A call row as the worker writes it; answers its id. */
export async function newCall(db: DataSource, contact: { organizationId: string; campaignId: string; contactId: string }, call: CallFixture = {}): Promise<string> {
  const [{ id }] = (await db.query(
    `INSERT INTO calls (organization_id, campaign_id, contact_id, attempt, workflow_id, channel_id, status, outcome, emotion, duration, created_at)
     VALUES ($1, $2, $3, $4, 'wf-' || gen_random_uuid(), 'ch-' || gen_random_uuid(), $5, $6, $7, $8, COALESCE($9::timestamptz, now()))
     RETURNING id`,
    [contact.organizationId, contact.campaignId, contact.contactId, call.attempt ?? 1, call.status ?? 'completed', call.outcome ?? null, call.emotion ?? null, call.duration ?? 0, call.createdAt ?? null],
  )) as [{ id: string }];
  return id;
}
