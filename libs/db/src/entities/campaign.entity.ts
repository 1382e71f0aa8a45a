import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CallSettings, CallingWindow, CampaignMode, CampaignStatus, CampaignType, HandoffSettings, RehearsalMix } from '../../../contracts/src';

@Entity('campaigns')
export class Campaign {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'organization_id' }) organizationId!: string;
  @Column('text') name!: string;
  @Column('text', { default: 'sales' }) type!: CampaignType;
  @Column('text', { default: 'active' }) status!: CampaignStatus;
  /** Why the campaign paused (the circuit breaker, an operator's note); written by its workflow. */
  @Column('text', { name: 'pause_reason', nullable: true }) pauseReason!: string | null;
  @Column('timestamptz', { name: 'status_changed_at', nullable: true }) statusChangedAt!: Date | null;
  @Column('text', { default: '' }) description!: string;
  @Column('uuid', { name: 'script_id', nullable: true }) scriptId!: string | null;
  /** Partial: unset fields fall back to the configured defaults. */
  @Column('jsonb', { name: 'call_settings', default: {} }) callSettings!: Partial<CallSettings>;
  /** Narrowed to 08:00-21:00 local time at dial time; null means that legal window. */
  @Column('jsonb', { name: 'calling_window', nullable: true }) callingWindow!: CallingWindow | null;
  @Column('text', { name: 'caller_id', default: '' }) callerId!: string;
  /** Handoff to a person (agents and triggers); null: the AI never puts a customer through. */
  @Column('jsonb', { nullable: true }) handoff!: HandoffSettings | null;
  /** `rehearsal`: every dial goes to a simulated customer of `rehearsalMix` instead of the contact. */
  @Column('text', { default: 'live' }) mode!: CampaignMode;
  @Column('jsonb', { name: 'rehearsal_mix', nullable: true }) rehearsalMix!: RehearsalMix | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
