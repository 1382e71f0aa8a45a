import type { ContactStatus } from '../../../contracts/src';
import { Conditions, type Queryable, changeRows, selectRow, selectRows, singleRow } from './queryable';

/** The columns a person or a file sets; status, attempts and schedule belong to the engine. */
export interface ContactFields {
  firstName: string;
  lastName: string;
  /** E.164. */
  phone: string;
  email: string;
  company: string;
  timezone: string | null;
  timezoneSource: 'contact' | 'derived' | null;
  customFields: Record<string, string>;
}

export interface ContactRecord extends ContactFields {
  id: string;
  organizationId: string;
  campaignId: string;
  status: ContactStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastContacted: Date | null;
  claimToken: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ContactFilter {
  campaignId?: string;
  status?: ContactStatus;
  /** Part of the phone, the full name or the email; case is ignored except in the phone. */
  text?: string;
  limit: number;
  offset: number;
}

const COLUMNS = `id, organization_id AS "organizationId", campaign_id AS "campaignId", first_name AS "firstName", last_name AS "lastName",
  phone, email, company, timezone, timezone_source AS "timezoneSource", status, attempts, next_attempt_at AS "nextAttemptAt",
  last_contacted AS "lastContacted", claim_token AS "claimToken", custom_fields AS "customFields", created_at AS "createdAt", updated_at AS "updatedAt"`;

export class ContactRepository {
  constructor(private readonly db: Queryable) {}

  /** One insert for many rows; a number already in the campaign is skipped. Answers the inserted rows. */
  insertMany(organizationId: string, campaignId: string, rows: ContactFields[]): Promise<{ id: string; phone: string }[]> {
    return selectRows(
      this.db,
      `INSERT INTO contacts (organization_id, campaign_id, first_name, last_name, phone, email, company, timezone, timezone_source, custom_fields)
       SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[])
       ON CONFLICT (campaign_id, phone) DO NOTHING RETURNING id, phone`,
      [
        organizationId,
        campaignId,
        rows.map((r) => r.firstName),
        rows.map((r) => r.lastName),
        rows.map((r) => r.phone),
        rows.map((r) => r.email),
        rows.map((r) => r.company),
        rows.map((r) => r.timezone),
        rows.map((r) => r.timezoneSource),
        rows.map((r) => JSON.stringify(r.customFields)),
      ],
    );
  }

  /** A page in the order of creation, and how many match in all. */
  async list(organizationId: string, filter: ContactFilter): Promise<{ contacts: ContactRecord[]; total: number }> {
    const conditions = new Conditions();
    conditions.add((p) => `organization_id = ${p}`, organizationId);
    if (filter.campaignId) conditions.add((p) => `campaign_id = ${p}`, filter.campaignId);
    if (filter.status) conditions.add((p) => `status = ${p}`, filter.status);
    if (filter.text) {
      const pattern = `%${filter.text.replace(/[\\%_]/g, '\\$&')}%`;
      conditions.add((p) => `(phone LIKE ${p} OR (first_name || ' ' || last_name) ILIKE ${p} OR email ILIKE ${p})`, pattern);
    }
    const { params } = conditions;
    const matching = `FROM contacts WHERE ${conditions.where}`;
    const [contacts, count] = await Promise.all([
      selectRows<ContactRecord>(this.db, `SELECT ${COLUMNS} ${matching} ORDER BY created_at, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
        ...params,
        filter.limit,
        filter.offset,
      ]),
      singleRow<{ n: number }>(this.db, `SELECT count(*)::int AS n ${matching}`, params),
    ]);
    return { contacts, total: count.n };
  }

  find(organizationId: string, id: string): Promise<ContactRecord | null> {
    return selectRow(this.db, `SELECT ${COLUMNS} FROM contacts WHERE id = $1 AND organization_id = $2`, [id, organizationId]);
  }

  async phoneInCampaign(campaignId: string, phone: string): Promise<boolean> {
    return (await selectRow(this.db, 'SELECT 1 FROM contacts WHERE campaign_id = $1 AND phone = $2', [campaignId, phone])) !== null;
  }

  async update(organizationId: string, id: string, fields: ContactFields): Promise<void> {
    await this.db.query(
      `UPDATE contacts SET first_name = $3, last_name = $4, phone = $5, email = $6, company = $7, timezone = $8, timezone_source = $9,
              custom_fields = $10, updated_at = now()
        WHERE id = $1 AND organization_id = $2`,
      [id, organizationId, fields.firstName, fields.lastName, fields.phone, fields.email, fields.company, fields.timezone, fields.timezoneSource, JSON.stringify(fields.customFields)],
    );
  }

  /**
   * Deletes the contact unless it is being dialled or has call records (the evidence of every call);
   * false when it was kept or is not there. The check and the delete are one statement, so a dial cannot
   * slip in between.
   */
  async deleteUnlessCalled(organizationId: string, id: string): Promise<boolean> {
    const deleted = await changeRows(
      this.db,
      `DELETE FROM contacts ct WHERE ct.id = $1 AND ct.organization_id = $2 AND ct.status <> 'dialing'
          AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.contact_id = ct.id)`,
      [id, organizationId],
    );
    return deleted > 0;
  }
}
