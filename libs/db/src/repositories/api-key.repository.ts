import type { UserRole } from '../../../contracts/src';
import { type Queryable, changeRows, singleRow, selectRow, selectRows } from './queryable';

/** A key as shown to admins: never its hash. */
export interface ApiKeyRecord {
  id: string;
  organizationId: string;
  name: string;
  role: UserRole;
  prefix: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export interface NewApiKey {
  organizationId: string;
  name: string;
  role: UserRole;
  prefix: string;
  keyHash: string;
}

/** Who a presented key stands for. */
export interface ApiKeyHolder {
  id: string;
  organizationId: string;
  role: UserRole;
}

const COLUMNS = `id, organization_id AS "organizationId", name, role, prefix, last_used_at AS "lastUsedAt", revoked_at AS "revokedAt", created_at AS "createdAt"`;

export class ApiKeyRepository {
  constructor(private readonly db: Queryable) {}

  create(key: NewApiKey): Promise<ApiKeyRecord> {
    return singleRow(
      this.db,
      `INSERT INTO api_keys (organization_id, name, role, prefix, key_hash) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [key.organizationId, key.name, key.role, key.prefix, key.keyHash],
    );
  }

  list(organizationId: string): Promise<ApiKeyRecord[]> {
    return selectRows(this.db, `SELECT ${COLUMNS} FROM api_keys WHERE organization_id = $1 ORDER BY created_at DESC`, [organizationId]);
  }

  /** False when the organization has no such key; revoking twice keeps the first time. */
  async revoke(organizationId: string, id: string): Promise<boolean> {
    const changed = await changeRows(this.db, 'UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 AND organization_id = $2', [
      id,
      organizationId,
    ]);
    return changed > 0;
  }

  /**
   * The holder of the unrevoked key with this hash, its use recorded; null for an unknown or revoked key.
   * last_used_at is written at most once a minute, so a busy machine client does not write on every request.
   */
  recordUse(keyHash: string): Promise<ApiKeyHolder | null> {
    return selectRow(
      this.db,
      `WITH key AS (SELECT id, organization_id, role, last_used_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL),
            touched AS (UPDATE api_keys SET last_used_at = now() FROM key
                         WHERE api_keys.id = key.id AND (key.last_used_at IS NULL OR key.last_used_at < now() - interval '1 minute'))
       SELECT id, organization_id AS "organizationId", role FROM key`,
      [keyHash],
    );
  }
}
