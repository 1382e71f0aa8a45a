import { type Queryable, changeRows, selectRow, selectRows, singleRow } from './queryable';

/** How a number got on the list: by hand, a JSON list, a CSV file, or the person asking during a call. */
export type DncSource = 'manual' | 'bulk' | 'upload' | 'call';

export interface DncEntryRecord {
  id: string;
  organizationId: string;
  phone: string;
  reason: string;
  source: DncSource;
  createdAt: Date;
}

const COLUMNS = `id, organization_id AS "organizationId", phone, reason, source, created_at AS "createdAt"`;
const CALL_OPT_OUT_REASON = 'Opted out during a call';

/** The organization's do-not-call list. Phones are E.164; a number is listed once per organization. */
export class DncRepository {
  constructor(private readonly db: Queryable) {}

  list(organizationId: string, limit: number, offset: number): Promise<DncEntryRecord[]> {
    return selectRows(this.db, `SELECT ${COLUMNS} FROM dnc_entries WHERE organization_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`, [
      organizationId,
      limit,
      offset,
    ]);
  }

  findByPhone(organizationId: string, phone: string): Promise<DncEntryRecord | null> {
    return selectRow(this.db, `SELECT ${COLUMNS} FROM dnc_entries WHERE organization_id = $1 AND phone = $2`, [organizationId, phone]);
  }

  /** Why the number is listed, or null when it may be called. */
  findEntry(organizationId: string, phone: string): Promise<{ reason: string } | null> {
    return selectRow(this.db, 'SELECT reason FROM dnc_entries WHERE organization_id = $1 AND phone = $2', [organizationId, phone]);
  }

  /** Lists the numbers not yet listed (the phones must be distinct) and answers how many that was. */
  async addMany(organizationId: string, entries: { phone: string; reason: string }[], source: DncSource): Promise<number> {
    const inserted = await selectRows(
      this.db,
      `INSERT INTO dnc_entries (organization_id, phone, reason, source)
       SELECT $1, phone, reason, $4 FROM unnest($2::text[], $3::text[]) AS t(phone, reason)
       ON CONFLICT (organization_id, phone) DO NOTHING RETURNING id`,
      [organizationId, entries.map((entry) => entry.phone), entries.map((entry) => entry.reason), source],
    );
    return inserted.length;
  }

  /** The person asked not to be called again; a number already listed keeps its first reason. */
  async addFromCall(organizationId: string, phone: string): Promise<void> {
    await this.addMany(organizationId, [{ phone, reason: CALL_OPT_OUT_REASON }], 'call');
  }

  /** How many of these phones are listed. */
  async countListed(organizationId: string, phones: string[]): Promise<number> {
    const { n } = await singleRow<{ n: number }>(this.db, 'SELECT count(*)::int AS n FROM dnc_entries WHERE organization_id = $1 AND phone = ANY($2)', [
      organizationId,
      phones,
    ]);
    return n;
  }

  async delete(organizationId: string, id: string): Promise<boolean> {
    return (await changeRows(this.db, 'DELETE FROM dnc_entries WHERE id = $1 AND organization_id = $2', [id, organizationId])) > 0;
  }
}
