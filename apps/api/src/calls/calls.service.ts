import { Injectable, NotFoundException } from '@nestjs/common';
import type { Readable } from 'node:stream';
import {
  CallAnalyses,
  type CallAnalysisVersion,
  type CallCursor,
  type CallFilters,
  CallRecordingRepository,
  CallRepository,
  type CallRecord,
  ContactQueue,
} from '../../../../libs/db/src';
import { RecordingFiles } from '../../../../libs/recordings/src';
import { type ByteRange, parseByteRange } from './byte-range';
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

export type RecordingRead =
  | { kind: 'whole' | 'partial'; size: number; range?: ByteRange; audio: Readable }
  | { kind: 'unsatisfiable'; size: number };

@Injectable()
export class CallsService {
  constructor(
    private readonly calls: CallRepository,
    private readonly queue: ContactQueue,
    private readonly recordings: CallRecordingRepository,
    private readonly recordingFiles: RecordingFiles,
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

  /** The call with its conversation's turns, each with its offset from the answer (`offset_ms`). */
  async getWithTurns(organizationId: string, id: string): Promise<CallRecord & { turns: Record<string, unknown>[] }> {
    const call = await this.get(organizationId, id);
    return { ...call, turns: await this.turns(id) };
  }

  async analyses(organizationId: string, id: string): Promise<CallAnalysisVersion[]> {
    await this.get(organizationId, id);
    return this.analysisVersions.versions(organizationId, id);
  }

  async conversation(organizationId: string, id: string) {
    const call = await this.get(organizationId, id);
    return { call, conversationHistory: await this.turns(id) };
  }

  /**
   * The call's stored recording, whole or the requested range. Not found alike for another organization's
   * call, a call not recorded, a recording declined, expired, or missing from the directory.
   */
  async recording(organizationId: string, id: string, rangeHeader: string | undefined): Promise<RecordingRead> {
    const stored = await this.recordings.findStored(organizationId, id);
    const size = stored && (await this.recordingFiles.size(stored.file));
    if (!stored || size === undefined || size === null) throw new NotFoundException(`Call ${id} has no recording`);
    const range = parseByteRange(rangeHeader, size);
    if (range === 'unsatisfiable') return { kind: 'unsatisfiable', size };
    return { kind: range ? 'partial' : 'whole', size, range, audio: this.recordingFiles.read(stored.file, range) };
  }

  private async turns(callId: string): Promise<Record<string, unknown>[]> {
    const events = await this.calls.conversationEvents(callId);
    return events.map((e) => ({ ...e.eventData, timestamp: e.timestamp.toISOString() }));
  }

  /** Contacts of the campaign, and those the dialer is done with: the queue's own count, as its workflow reports it. */
  async campaignCounts(campaignId: string): Promise<{ totalContacts: number; processedContacts: number }> {
    const { totalContacts, pendingContacts } = await this.queue.progress(campaignId);
    return { totalContacts, processedContacts: totalContacts - pendingContacts };
  }
}
