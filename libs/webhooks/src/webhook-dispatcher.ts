import { randomUUID } from 'node:crypto';
import { type Client, WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import { WEBHOOK_DELIVERY_WORKFLOW, type WebhookDeliveryInput, type WebhookRetryPolicy, webhookDeliveryWorkflowId } from '../../contracts/src';
import type { WebhookRepository } from '../../db/src';

export interface WebhookDispatcherOptions {
  taskQueue: string;
  retry: WebhookRetryPolicy;
}

/**
 * Starts the delivery workflows of committed outbox events: one per (endpoint, event), its id derived from
 * the pair. A second start of a pair is refused by Temporal, even after the first delivery closed, so the
 * activity that wrote the event, its re-runs and the sweep may all try: the receiver gets one delivery.
 */
export class WebhookDispatcher {
  constructor(
    private readonly temporal: Client,
    private readonly webhooks: WebhookRepository,
    private readonly options: WebhookDispatcherOptions,
  ) {}

  /** Starts what these events still owe and marks them dispatched; answers how many deliveries it started. */
  async dispatch(eventIds: string[]): Promise<number> {
    if (eventIds.length === 0) return 0;
    const targets = await this.webhooks.pendingTargets(eventIds);
    const started = await Promise.all(targets.map((target) => this.start(target.endpointId, target.eventId)));
    await this.webhooks.markDispatched(eventIds);
    return started.filter(Boolean).length;
  }

  /** The sweep: events left undispatched for `graceMs` (their writer died, or Temporal did not answer it). */
  async dispatchPending(graceMs: number, organizationId?: string): Promise<number> {
    let started = 0;
    for (let batch = await this.webhooks.undispatched(graceMs, 200, organizationId); batch.length > 0; batch = await this.webhooks.undispatched(graceMs, 200, organizationId)) {
      started += await this.dispatch(batch);
    }
    return started;
  }

  /** Sends an event to an endpoint again, as a delivery of its own (its workflow id carries a replay suffix). */
  async replay(endpointId: string, eventId: string): Promise<string> {
    const workflowId = webhookDeliveryWorkflowId(endpointId, eventId, randomUUID());
    await this.startWorkflow(workflowId, { endpointId, eventId, retry: this.options.retry });
    return workflowId;
  }

  private async start(endpointId: string, eventId: string): Promise<boolean> {
    try {
      await this.startWorkflow(webhookDeliveryWorkflowId(endpointId, eventId), { endpointId, eventId, retry: this.options.retry });
      return true;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw error;
    }
  }

  private async startWorkflow(workflowId: string, input: WebhookDeliveryInput): Promise<void> {
    await this.temporal.workflow.start(WEBHOOK_DELIVERY_WORKFLOW, {
      taskQueue: this.options.taskQueue,
      workflowId,
      args: [input],
      // A closed delivery of the same pair refuses a new start too: exactly one delivery per pair.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      staticSummary: `Webhook ${input.eventId} to endpoint ${input.endpointId}`,
    });
  }
}
