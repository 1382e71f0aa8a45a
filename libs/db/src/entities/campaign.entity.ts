import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CallSettings, CampaignStatus, CampaignType } from '../../../contracts/src';

/** Local hours in which contacts may be called, on the given ISO weekdays (1 = Monday). */
export interface CallingWindow {
  start: string;
  end: string;
  days: number[];
}

@Entity('campaigns')
export class Campaign {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'organization_id' }) organizationId!: string;
  @Column('text') name!: string;
  @Column('text', { default: 'sales' }) type!: CampaignType;
  @Column('text', { default: 'active' }) status!: CampaignStatus;
  @Column('text', { default: '' }) description!: string;
  @Column('uuid', { name: 'script_id', nullable: true }) scriptId!: string | null;
  /** Partial: unset fields fall back to the configured defaults. */
  @Column('jsonb', { name: 'call_settings', default: {} }) callSettings!: Partial<CallSettings>;
  @Column('jsonb', { name: 'calling_window', nullable: true }) callingWindow!: CallingWindow | null;
  @Column('text', { name: 'caller_id', default: '' }) callerId!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
