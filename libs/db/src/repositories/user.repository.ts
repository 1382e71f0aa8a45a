import type { UserRole } from '../../../contracts/src';
import { type Queryable, selectRow, selectRows, singleRow } from './queryable';

export interface UserRecord {
  id: string;
  organizationId: string;
  email: string;
  role: UserRole;
  createdAt: Date;
}

/** Only login and a password change read the hash. */
export interface UserWithPassword extends UserRecord {
  passwordHash: string;
}

export interface NewUser {
  organizationId: string;
  email: string;
  passwordHash: string;
  role: UserRole;
}

const COLUMNS = `id, organization_id AS "organizationId", email, role, created_at AS "createdAt"`;
const WITH_PASSWORD = `${COLUMNS}, password_hash AS "passwordHash"`;

export class UserRepository {
  constructor(private readonly db: Queryable) {}

  list(organizationId: string): Promise<UserRecord[]> {
    return selectRows(this.db, `SELECT ${COLUMNS} FROM users WHERE organization_id = $1 ORDER BY created_at`, [organizationId]);
  }

  find(organizationId: string, id: string): Promise<UserRecord | null> {
    return selectRow(this.db, `SELECT ${COLUMNS} FROM users WHERE id = $1 AND organization_id = $2`, [id, organizationId]);
  }

  /** Whatever the organization: a token names only the user. */
  findById(id: string): Promise<UserRecord | null> {
    return selectRow(this.db, `SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  }

  findByIdWithPassword(id: string): Promise<UserWithPassword | null> {
    return selectRow(this.db, `SELECT ${WITH_PASSWORD} FROM users WHERE id = $1`, [id]);
  }

  /** Emails compare without case. */
  findByEmailWithPassword(email: string): Promise<UserWithPassword | null> {
    return selectRow(this.db, `SELECT ${WITH_PASSWORD} FROM users WHERE lower(email) = lower($1)`, [email]);
  }

  /** Null when the email is already in use, in any organization. The email is stored lower case. */
  create(user: NewUser): Promise<UserRecord | null> {
    return selectRow(
      this.db,
      `INSERT INTO users (organization_id, email, password_hash, role) VALUES ($1, lower($2), $3, $4)
       ON CONFLICT (email) DO NOTHING RETURNING ${COLUMNS}`,
      [user.organizationId, user.email, user.passwordHash, user.role],
    );
  }

  async update(organizationId: string, id: string, changes: { role?: UserRole; passwordHash?: string }): Promise<void> {
    await this.db.query(
      `UPDATE users SET role = COALESCE($3, role), password_hash = COALESCE($4, password_hash) WHERE id = $1 AND organization_id = $2`,
      [id, organizationId, changes.role ?? null, changes.passwordHash ?? null],
    );
  }

  async countAdmins(organizationId: string): Promise<number> {
    const { n } = await singleRow<{ n: number }>(this.db, `SELECT count(*)::int AS n FROM users WHERE organization_id = $1 AND role = 'admin'`, [organizationId]);
    return n;
  }

  async delete(organizationId: string, id: string): Promise<void> {
    await this.db.query('DELETE FROM users WHERE id = $1 AND organization_id = $2', [id, organizationId]);
  }
}
