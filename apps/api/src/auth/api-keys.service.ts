import { ApiProperty } from '@nestjs/swagger';
import { createHash, randomBytes } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsNull, type Repository } from 'typeorm';
import { USER_ROLES, type UserRole } from '../../../../libs/contracts/src';
import { ApiKey } from '../../../../libs/db/src';
import type { Principal } from '../common/tenant';
import { OneOf } from '../common/dto';

/** Every key starts with this, so a leaked one is easy to find in logs and code. */
export const API_KEY_PREFIX = 'adk_';

export class CreateApiKeyDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @OneOf(USER_ROLES) role!: UserRole;
}

function hashOf(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

@Injectable()
export class ApiKeysService {
  constructor(@InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>) {}

  /** The key is returned here once; only its hash is stored. */
  async create(organizationId: string, dto: CreateApiKeyDto): Promise<{ key: string; apiKey: ApiKey }> {
    const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const saved = await this.keys.save(
      this.keys.create({ organizationId, name: dto.name, role: dto.role, prefix: key.slice(0, 12), keyHash: hashOf(key) }),
    );
    const { keyHash: _hash, ...apiKey } = saved;
    return { key, apiKey: apiKey as ApiKey };
  }

  list(organizationId: string): Promise<ApiKey[]> {
    return this.keys.find({ where: { organizationId }, order: { createdAt: 'DESC' } });
  }

  async revoke(organizationId: string, id: string): Promise<void> {
    const result = await this.keys.update({ id, organizationId, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!result.affected && !(await this.keys.existsBy({ id, organizationId }))) throw new NotFoundException(`API key ${id} not found`);
  }

  /** The principal a presented key stands for, or undefined for an unknown or revoked key. */
  async authenticate(key: string): Promise<Principal | undefined> {
    // last_used_at is written at most once a minute, so a busy machine client does not write on every request.
    const rows = (await this.keys.query(
      `WITH key AS (SELECT id, organization_id, role, last_used_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL),
            touched AS (UPDATE api_keys SET last_used_at = now() FROM key
                         WHERE api_keys.id = key.id AND (key.last_used_at IS NULL OR key.last_used_at < now() - interval '1 minute'))
       SELECT id, organization_id, role FROM key`,
      [hashOf(key)],
    )) as { id: string; organization_id: string; role: UserRole }[];
    const row = rows[0];
    return row ? { userId: `api-key:${row.id}`, apiKeyId: row.id, organizationId: row.organization_id, role: row.role } : undefined;
  }
}
