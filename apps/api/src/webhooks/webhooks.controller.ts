import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.guard';
import { definedFields } from '../common/dto';
import { CurrentPrincipal, type Principal } from '../common/tenant';
import { CreateWebhookDto, DeliveriesQueryDto, UpdateWebhookDto } from './webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** The answer carries the endpoint's signing secret, the only time it is shown. */
  @Post()
  @Roles('admin')
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateWebhookDto) {
    return { success: true, ...(await this.webhooks.create(principal.organizationId, body)) };
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal) {
    return { success: true, webhooks: await this.webhooks.list(principal.organizationId) };
  }

  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return { success: true, webhook: await this.webhooks.get(principal.organizationId, id) };
  }

  @Patch(':id')
  @Roles('admin')
  async update(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateWebhookDto) {
    return { success: true, webhook: await this.webhooks.update(principal.organizationId, id, definedFields(body)) };
  }

  /** A new signing secret, shown in this answer only; the old one stops at once. */
  @Post(':id/rotate-secret')
  @Roles('admin')
  @HttpCode(200)
  async rotateSecret(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    const { endpoint, secret } = await this.webhooks.rotateSecret(principal.organizationId, id);
    return { success: true, webhook: endpoint, secret };
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.webhooks.remove(principal.organizationId, id);
  }

  /** Every attempt of every delivery to this endpoint, newest first. */
  @Get(':id/deliveries')
  async deliveries(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: DeliveriesQueryDto) {
    return { success: true, ...(await this.webhooks.deliveries(principal.organizationId, id, query.limit, query.before)) };
  }

  /** Sends the delivery's event again (a new delivery, retried like the first); 202: it is on its way. */
  @Post('deliveries/:deliveryId/replay')
  @Roles('admin')
  @HttpCode(202)
  async replay(@CurrentPrincipal() principal: Principal, @Param('deliveryId', ParseUUIDPipe) deliveryId: string) {
    return { success: true, ...(await this.webhooks.replay(principal.organizationId, deliveryId)) };
  }
}
