import type { DataSource } from 'typeorm';
import type { WebhookEventType } from '../../../contracts/src';
import { changeRows, selectRow, selectRows, singleRow } from './queryable';

/** An endpoint as the API shows it: never its secret. */
export interface WebhookEndpointRecord {
  id: string;
  organizationId: string;
  url: string;
  description: string;
  /** Empty: every event type. */
  eventTypes: WebhookEventType[];
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type WebhookEndpointChanges = Partial<Pick<WebhookEndpointRecord, 'url' | 'description' | 'eventTypes' | 'enabled'>>;

export type WebhookAttemptResult = 'delivered' | 'retrying' | 'failed';

export interface WebhookAttempt {
  organizationId: string;
  endpointId: string;
  eventId: string;
  workflowId: string;
  attempt: number;
  result: WebhookAttemptResult;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDeliveryRecord extends Omit<WebhookAttempt, 'organizationId'> {
  id: string;
  eventType: WebhookEventType;
  createdAt: Date;
}

/** What one delivery attempt sends, and where. */
export interface WebhookDeliveryTarget {
  organizationId: string;
  url: string;
  secret: string;
  enabled: boolean;
  event: { id: string; type: WebhookEventType; occurredAt: Date; data: Record<string, unknown> };
}

const ENDPOINT_COLUMNS = `id, organization_id AS "organizationId", url, description, event_types AS "eventTypes", enabled,
  created_at AS "createdAt", updated_at AS "updatedAt"`;
const DELIVERY_COLUMNS = `d.id, d.endpoint_id AS "endpointId", d.event_id AS "eventId", e.event_type AS "eventType", d.workflow_id AS "workflowId",
  d.attempt, d.result, d.status_code AS "statusCode", d.error, d.duration_ms AS "durationMs", d.created_at AS "createdAt"`;

/** Webhook endpoints (the API's, scoped by organization), the outbox's dispatch bookkeeping and the delivery log. */
export class WebhookRepository {
  constructor(private readonly db: DataSource) {}

  createEndpoint(organizationId: string, endpoint: Pick<WebhookEndpointRecord, 'url' | 'description' | 'eventTypes' | 'enabled'>, secret: string): Promise<WebhookEndpointRecord> {
    return singleRow(
      this.db,
      `INSERT INTO webhook_endpoints (organization_id, url, description, event_types, enabled, secret)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${ENDPOINT_COLUMNS}`,
      [organizationId, endpoint.url, endpoint.description, endpoint.eventTypes, endpoint.enabled, secret],
    );
  }

  listEndpoints(organizationId: string): Promise<WebhookEndpointRecord[]> {
    return selectRows(this.db, `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE organization_id = $1 ORDER BY created_at, id`, [organizationId]);
  }

  /** Another organization's endpoint is not found, exactly like a missing one. */
  findEndpoint(organizationId: string, endpointId: string): Promise<WebhookEndpointRecord | null> {
    return selectRow(this.db, `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1 AND organization_id = $2`, [endpointId, organizationId]);
  }

  /** Applies the changes given, and a new secret when one is given (rotation). */
  async updateEndpoint(organizationId: string, endpointId: string, changes: WebhookEndpointChanges, secret?: string): Promise<WebhookEndpointRecord | null> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows] = (await this.db.query(
      `UPDATE webhook_endpoints SET
          url = COALESCE($3, url),
          description = COALESCE($4, description),
          event_types = COALESCE($5, event_types),
          enabled = COALESCE($6, enabled),
          secret = COALESCE($7, secret),
          updated_at = now()
        WHERE id = $1 AND organization_id = $2 RETURNING ${ENDPOINT_COLUMNS}`,
      [endpointId, organizationId, changes.url ?? null, changes.description ?? null, changes.eventTypes ?? null, changes.enabled ?? null, secret ?? null],
    )) as [WebhookEndpointRecord[], number];
    return rows[0] ?? null;
  }

  /** Its delivery log goes with it; a delivery still retrying finds it gone and stops. */
  async deleteEndpoint(organizationId: string, endpointId: string): Promise<boolean> {
    return (await changeRows(this.db, 'DELETE FROM webhook_endpoints WHERE id = $1 AND organization_id = $2', [endpointId, organizationId])) > 0;
  }

  /**
   * The deliveries still to start: for each given event not yet dispatched, every enabled endpoint of its
   * organization that takes its type and existed when it happened.
   */
  pendingTargets(eventIds: string[]): Promise<{ eventId: string; endpointId: string }[]> {
    return selectRows(
      this.db,
      `SELECT e.id AS "eventId", w.id AS "endpointId"
         FROM webhook_events e
         JOIN webhook_endpoints w ON w.organization_id = e.organization_id AND w.enabled AND w.created_at <= e.created_at
                                 AND (cardinality(w.event_types) = 0 OR e.event_type = ANY(w.event_types))
        WHERE e.id = ANY($1) AND e.dispatched_at IS NULL
        ORDER BY e.created_at, w.created_at`,
      [eventIds],
    );
  }

  async markDispatched(eventIds: string[]): Promise<void> {
    await this.db.query('UPDATE webhook_events SET dispatched_at = now() WHERE id = ANY($1) AND dispatched_at IS NULL', [eventIds]);
  }

  /** Events whose delivery was not started within `graceMs` of being written (the writer died, or Temporal did not answer). */
  async undispatched(graceMs: number, limit: number, organizationId?: string): Promise<string[]> {
    const rows = await selectRows<{ id: string }>(
      this.db,
      `SELECT id FROM webhook_events
        WHERE dispatched_at IS NULL AND created_at < now() - make_interval(secs => $1::float8 / 1000)
          AND ($3::uuid IS NULL OR organization_id = $3)
        ORDER BY created_at LIMIT $2`,
      [graceMs, limit, organizationId ?? null],
    );
    return rows.map((row) => row.id);
  }

  deliveryTarget(eventId: string, endpointId: string): Promise<WebhookDeliveryTarget | null> {
    return selectRow(
      this.db,
      `SELECT w.organization_id AS "organizationId", w.url, w.secret, w.enabled,
              json_build_object('id', e.id, 'type', e.event_type, 'occurredAt', e.occurred_at, 'data', e.data) AS event
         FROM webhook_events e JOIN webhook_endpoints w ON w.id = $2 AND w.organization_id = e.organization_id
        WHERE e.id = $1`,
      [eventId, endpointId],
    );
  }

  /** One attempt's outcome; a retried write of the same attempt lands once. */
  async logAttempt(attempt: WebhookAttempt): Promise<void> {
    await this.db.query(
      `INSERT INTO webhook_deliveries (organization_id, endpoint_id, event_id, workflow_id, attempt, result, status_code, error, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (workflow_id, attempt) DO NOTHING`,
      [attempt.organizationId, attempt.endpointId, attempt.eventId, attempt.workflowId, attempt.attempt, attempt.result, attempt.statusCode, attempt.error, attempt.durationMs],
    );
  }

  /** An endpoint's attempts, newest first; `before` (a delivery id) continues a page. */
  deliveries(organizationId: string, endpointId: string, limit: number, before?: string): Promise<WebhookDeliveryRecord[]> {
    return selectRows(
      this.db,
      `SELECT ${DELIVERY_COLUMNS}
         FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
        WHERE d.organization_id = $1 AND d.endpoint_id = $2
          AND ($4::uuid IS NULL OR (d.created_at, d.id) < (SELECT created_at, id FROM webhook_deliveries WHERE id = $4 AND organization_id = $1))
        ORDER BY d.created_at DESC, d.id DESC LIMIT $3`,
      [organizationId, endpointId, limit, before ?? null],
    );
  }

  findDelivery(organizationId: string, deliveryId: string): Promise<WebhookDeliveryRecord | null> {
    return selectRow(
      this.db,
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE d.id = $1 AND d.organization_id = $2`,
      [deliveryId, organizationId],
    );
  }
}
