import type { Queryable } from './queryable';

export class HealthRepository {
  constructor(private readonly db: Queryable) {}

  /** Resolves when PostgreSQL answers. */
  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}
