import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { AppConfig } from '../../../../libs/config/src';
import { type WebhookDeliveryRecord, type WebhookEndpointRecord, WebhookRepository } from '../../../../libs/db/src';
import { type WebhookDispatcher, newWebhookSecret } from '../../../../libs/webhooks/src';
import { APP_CONFIG } from '../common/app-config.provider';
import type { CreateWebhookDto, UpdateWebhookDto } from './webhook.dto';

export const WEBHOOK_DISPATCHER = Symbol('WEBHOOK_DISPATCHER');

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An organization's webhook endpoints, their delivery log, and replays. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhookRepository,
    @Inject(WEBHOOK_DISPATCHER) private readonly dispatcher: WebhookDispatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The secret is in this answer only; it signs every delivery. */
  async create(organizationId: string, body: CreateWebhookDto): Promise<{ endpoint: WebhookEndpointRecord; secret: string }> {
    this.checkUrl(body.url);
    const secret = newWebhookSecret();
    const endpoint = await this.webhooks.createEndpoint(
      organizationId,
      { url: body.url, description: body.description ?? '', eventTypes: body.eventTypes ?? [], enabled: body.enabled ?? true },
      secret,
    );
    return { endpoint, secret };
  }

  list(organizationId: string): Promise<WebhookEndpointRecord[]> {
    return this.webhooks.listEndpoints(organizationId);
  }

  async get(organizationId: string, endpointId: string): Promise<WebhookEndpointRecord> {
    const endpoint = await this.webhooks.findEndpoint(organizationId, endpointId);
    if (!endpoint) throw new NotFoundException(`Webhook ${endpointId} not found`);
    return endpoint;
  }

  async update(organizationId: string, endpointId: string, body: UpdateWebhookDto): Promise<WebhookEndpointRecord> {
    if (body.url !== undefined) this.checkUrl(body.url);
    const endpoint = await this.webhooks.updateEndpoint(organizationId, endpointId, body);
    if (!endpoint) throw new NotFoundException(`Webhook ${endpointId} not found`);
    return endpoint;
  }

  /** A new secret signs every delivery from now on, retries of earlier events included; the old one stops working at once. */
  async rotateSecret(organizationId: string, endpointId: string): Promise<{ endpoint: WebhookEndpointRecord; secret: string }> {
    const secret = newWebhookSecret();
    const endpoint = await this.webhooks.updateEndpoint(organizationId, endpointId, {}, secret);
    if (!endpoint) throw new NotFoundException(`Webhook ${endpointId} not found`);
    return { endpoint, secret };
  }

  async remove(organizationId: string, endpointId: string): Promise<void> {
    if (!(await this.webhooks.deleteEndpoint(organizationId, endpointId))) throw new NotFoundException(`Webhook ${endpointId} not found`);
  }

  async deliveries(organizationId: string, endpointId: string, limit = 50, before?: string): Promise<{ deliveries: WebhookDeliveryRecord[]; nextCursor: string | null }> {
    await this.get(organizationId, endpointId);
    const deliveries = await this.webhooks.deliveries(organizationId, endpointId, limit, before);
    return { deliveries, nextCursor: deliveries.length === limit ? deliveries[deliveries.length - 1]!.id : null };
  }

  /** Sends the delivery's event to its endpoint again, as a new delivery with its own log entries. */
  async replay(organizationId: string, deliveryId: string): Promise<{ workflowId: string; eventId: string; endpointId: string }> {
    const delivery = await this.webhooks.findDelivery(organizationId, deliveryId);
    if (!delivery) throw new NotFoundException(`Webhook delivery ${deliveryId} not found`);
    const endpoint = await this.get(organizationId, delivery.endpointId);
    if (!endpoint.enabled) throw new ConflictException(`Webhook ${endpoint.id} is disabled; enable it before replaying`);
    const workflowId = await this.dispatcher.replay(delivery.endpointId, delivery.eventId);
    return { workflowId, eventId: delivery.eventId, endpointId: delivery.endpointId };
  }

  /** https only; plain http to this host is allowed outside production, for a local receiver. */
  private checkUrl(url: string): void {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:') return;
    if (this.config.webhooks.allowLocalHttp && LOCAL_HOSTS.has(parsed.hostname)) return;
    throw new BadRequestException(
      this.config.webhooks.allowLocalHttp ? 'url must be an https URL (or http on 127.0.0.1 or localhost)' : 'url must be an https URL',
    );
  }
}
