import type { DataSource } from 'typeorm';

/** The organization's do-not-call list, as the engine reads and extends it. */
export class DncRepository {
  constructor(private readonly db: DataSource) {}

  async findEntry(organizationId: string, phone: string): Promise<{ reason: string } | null> {
    const [row] = (await this.db.query('SELECT reason FROM dnc_entries WHERE organization_id = $1 AND phone = $2', [organizationId, phone])) as {
      reason: string;
    }[];
    return row ?? null;
  }

  /** A person who opted out during a call goes on the list at once. */
  async addFromCall(organizationId: string, phone: string): Promise<void> {
    await this.db.query(
      `INSERT INTO dnc_entries (organization_id, phone, reason, source) VALUES ($1, $2, 'Opted out during a call', 'call')
       ON CONFLICT (organization_id, phone) DO NOTHING`,
      [organizationId, phone],
    );
  }
}
