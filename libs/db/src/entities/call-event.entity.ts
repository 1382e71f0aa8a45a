import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Lifecycle events and conversation turns of a call (the seed's call_events). */
@Entity('call_events')
export class CallEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'call_id' }) callId!: string;
  @Column('uuid', { name: 'organization_id' }) organizationId!: string;
  @Column('text', { name: 'event_type' }) eventType!: string;
  @Column('jsonb', { name: 'event_data', default: {} }) eventData!: Record<string, unknown>;
  /** Distinguishes replays of the same event so that a retried activity writes it once. */
  @Column('text', { name: 'dedupe_key', nullable: true }) dedupeKey!: string | null;
  @Column('timestamptz', { default: () => 'now()' }) timestamp!: Date;
}
