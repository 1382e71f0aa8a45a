import { ApiProperty } from '@nestjs/swagger';
import { createHash, randomBytes } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { USER_ROLES, type UserRole } from '../../../../libs/contracts/src';
import { ApiKeyRepository, type ApiKeyRecord } from '../../../../libs/db/src';
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
  constructor(private readonly keys: ApiKeyRepository) {}

  /** The key is returned here once; only its hash is stored. */
  async create(organizationId: string, dto: CreateApiKeyDto): Promise<{ key: string; apiKey: ApiKeyRecord }> {
    const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const apiKey = await this.keys.create({ organizationId, name: dto.name, role: dto.role, prefix: key.slice(0, 12), keyHash: hashOf(key) });
    return { key, apiKey };
  }

  list(organizationId: string): Promise<ApiKeyRecord[]> {
    return this.keys.list(organizationId);
  }

  async revoke(organizationId: string, id: string): Promise<void> {
    if (!(await this.keys.revoke(organizationId, id))) throw new NotFoundException(`API key ${id} not found`);
  }

  /** The principal a presented key stands for, or undefined for an unknown or revoked key. */
  async authenticate(key: string): Promise<Principal | undefined> {
    const holder = await this.keys.recordUse(hashOf(key));
    return holder ? { userId: `api-key:${holder.id}`, apiKeyId: holder.id, organizationId: holder.organizationId, role: holder.role } : undefined;
  }
}
