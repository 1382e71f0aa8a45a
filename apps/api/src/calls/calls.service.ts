import { Injectable, NotFoundException } from '@nestjs/common';
import { CallAnalyses, type CallAnalysisVersion, type CallCursor, type CallFilters, CallRepository, type CallRecord, ContactQueue } from '../../../../libs/db/src';
import { csvLine } from '../common/csv';

export type { CallFilters } from '../../../../libs/db/src';

const EXPORT_PAGE = 1_000;
const EXPORT_COLUMNS = ['id', 'createdAt', 'campaignId', 'contactName', 'phone', 'attempt', 'status', 'outcome', 'duration', 'emotion', 'intentScore', 'csatScore', 'cost', 'llmPromptTokens', 'llmCompletionTokens', 'hangupCauseText', 'transcript'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(cursor: CallCursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`).toString('base64url');
}

/** Undefined when the text is not a cursor this API issued. */
export function decodeCursor(text: string): CallCursor | undefined {
  const [createdAt, id] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  return createdAt && id && CURSOR_TIME.test(createdAt) && UUID.test(id) ? { createdAt, id } : undefined;
}

@Injectable()
export class CallsService {
  constructor(
    private readonly calls: CallRepository,
    private readonly queue: ContactQueue,
    private readonly analysisVersions: CallAnalyses,
  ) {}

  /** A page of calls, newest first, and the cursor of the next page when there may be one. */
  async list(organizationId: string, filters: CallFilters): Promise<{ calls: CallRecord[]; nextCursor: string | null }> {
    const page = await this.calls.list(organizationId, filters);
    return { calls: page.calls, nextCursor: page.next && encodeCursor(page.next) };
  }

  /** Every call the filters match (limit and offset aside) as CSV lines, read page by page. */
  async *exportCsv(organizationId: string, filters: CallFilters): AsyncGenerator<string> {
    yield csvLine([...EXPORT_COLUMNS]);
    for await (const calls of this.calls.pages(organizationId, filters, EXPORT_PAGE)) {
      yield calls.map((call) => csvLine(EXPORT_COLUMNS.map((column) => call[column]))).join('');
    }
  }

  async get(organizationId: string, id: string): Promise<CallRecord> {
    const call = await this.calls.find(organizationId, id);
    if (!call) throw new NotFoundException(`Call ${id} not found`);
    return call;
  }

  async analyses(organizationId: string, id: string): Promise<CallAnalysisVersion[]> {
    await this.get(organizationId, id);
    return this.analysisVersions.versions(organizationId, id);
  }

  async conversation(organizationId: string, id: string) {
    const call = await this.get(organizationId, id);
    const events = await this.calls.conversationEvents(id);
    return {
      call,
      conversationHistory: events.map((e) => ({ ...e.eventData, timestamp: e.timestamp.toISOString() })),
    };
  }

  /** Contacts of the campaign, and those the dialer is done with: the queue's own count, as its workflow reports it. */
  async campaignCounts(campaignId: string): Promise<{ totalContacts: number; processedContacts: number }> {
    const { totalContacts, pendingContacts } = await this.queue.progress(campaignId);
    return { totalContacts, processedContacts: totalContacts - pendingContacts };
  }
}
