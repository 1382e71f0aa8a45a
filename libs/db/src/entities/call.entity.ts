import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CallHandoff, CallOutcome, CallStatus, RecordingStatus, RehearsalBehaviour } from '../../../contracts/src';

/** One row per call attempt (unique on contact + attempt), reserved before the dial. */
@Entity('calls')
export class Call {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'organization_id' }) organizationId!: string;
  @Column('uuid', { name: 'campaign_id' }) campaignId!: string;
  @Column('uuid', { name: 'contact_id' }) contactId!: string;
  @Column('int') attempt!: number;
  @Column('text', { name: 'workflow_id' }) workflowId!: string;
  @Column('text', { name: 'channel_id' }) channelId!: string;
  @Column('text', { default: 'initiated' }) status!: CallStatus;
  @Column('text', { nullable: true }) outcome!: CallOutcome | null;
  @Column('text', { name: 'dial_status', nullable: true }) dialStatus!: string | null;
  @Column('int', { name: 'hangup_cause', nullable: true }) hangupCause!: number | null;
  @Column('text', { name: 'hangup_cause_text', nullable: true }) hangupCauseText!: string | null;
  /** Seconds from answer to hang-up. */
  @Column('int', { default: 0 }) duration!: number;
  @Column('text', { default: '' }) transcript!: string;
  @Column('text', { nullable: true }) emotion!: string | null;
  @Column('numeric', { name: 'intent_score', precision: 3, scale: 2, nullable: true }) intentScore!: string | null;
  @Column('int', { name: 'csat_score', nullable: true }) csatScore!: number | null;
  @Column('jsonb', { name: 'ai_insights', nullable: true }) aiInsights!: Record<string, unknown> | null;
  @Column('numeric', { precision: 10, scale: 4, default: 0 }) cost!: string;
  /** Tokens the language model billed over the call's turns. */
  @Column('int', { name: 'llm_prompt_tokens', default: 0 }) llmPromptTokens!: number;
  @Column('int', { name: 'llm_completion_tokens', default: 0 }) llmCompletionTokens!: number;
  @Column('boolean', { default: true }) automated!: boolean;
  /** How a handoff to a person went: who took the call and how long the customer waited. */
  @Column('jsonb', { nullable: true }) handoff!: CallHandoff | null;
  /** Why the compliance gate allowed or refused the dial, kept as evidence. */
  @Column('jsonb', { name: 'compliance', nullable: true }) compliance!: object | null;
  /** Null when the campaign did not record the call. */
  @Column('text', { name: 'recording_status', nullable: true }) recordingStatus!: RecordingStatus | null;
  /** The recording's path under RECORDINGS_DIR while it is stored. */
  @Column('text', { name: 'recording_file', nullable: true }) recordingFile!: string | null;
  @Column('timestamptz', { name: 'recording_deleted_at', nullable: true }) recordingDeletedAt!: Date | null;
  /** A call of a rehearsal: dialed to a simulated customer, out of dashboards, performance and webhooks. */
  @Column('boolean', { default: false }) rehearsal!: boolean;
  @Column('text', { name: 'rehearsal_behaviour', nullable: true }) rehearsalBehaviour!: RehearsalBehaviour | null;
  /** Let through to its dial (by the organization's limits, or by the dial itself): in flight until ended_at. */
  @Column('timestamptz', { name: 'admitted_at', nullable: true }) admittedAt!: Date | null;
  @Column('timestamptz', { name: 'dialed_at', nullable: true }) dialedAt!: Date | null;
  @Column('timestamptz', { name: 'answered_at', nullable: true }) answeredAt!: Date | null;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
