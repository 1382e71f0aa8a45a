import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { ApiKeysService, CreateApiKeyDto } from './api-keys.service';
import { Roles } from './roles.guard';

/** Keys for machines (CRM sync, schedulers); managed by admins only. */
@ApiTags('api-keys')
@ApiBearerAuth()
@Roles('admin')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateApiKeyDto) {
    const { key, apiKey } = await this.keys.create(principal.organizationId, body);
    return { success: true, key, apiKey, message: 'Store this key now; it is not shown again' };
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal) {
    return { success: true, apiKeys: await this.keys.list(principal.organizationId) };
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.keys.revoke(principal.organizationId, id);
  }
}
