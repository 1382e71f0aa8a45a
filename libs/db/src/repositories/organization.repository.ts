import { type Queryable, singleRow } from './queryable';

export interface OrganizationRecord {
  id: string;
  name: string;
  createdAt: Date;
}

export class OrganizationRepository {
  constructor(private readonly db: Queryable) {}

  create(name: string): Promise<OrganizationRecord> {
    return singleRow(this.db, `INSERT INTO organizations (name) VALUES ($1) RETURNING id, name, created_at AS "createdAt"`, [name]);
  }
}
