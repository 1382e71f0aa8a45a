import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ContactStatus } from '../../../contracts/src';

@Entity('contacts')
export class Contact {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'organization_id' }) organizationId!: string;
  @Column('uuid', { name: 'campaign_id' }) campaignId!: string;
  @Column('text', { name: 'first_name', default: '' }) firstName!: string;
  @Column('text', { name: 'last_name', default: '' }) lastName!: string;
  /** E.164. */
  @Column('text') phone!: string;
  @Column('text', { default: '' }) email!: string;
  @Column('text', { default: '' }) company!: string;
  /** IANA zone from the contact's data; when null, the zones of the number's region are used. */
  @Column('text', { nullable: true }) timezone!: string | null;
  @Column('text', { name: 'timezone_source', nullable: true }) timezoneSource!: 'contact' | 'derived' | null;
  @Column('text', { default: 'new' }) status!: ContactStatus;
  @Column('int', { default: 0 }) attempts!: number;
  /** Attempts made before the campaign's last reset (switching its mode): the budget counts those after. */
  @Column('int', { name: 'attempt_base', default: 0 }) attemptBase!: number;
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true }) nextAttemptAt!: Date | null;
  @Column('timestamptz', { name: 'last_contacted', nullable: true }) lastContacted!: Date | null;
  /** The campaign run's claim that took this contact; makes a retried claim return the same rows. */
  @Column('text', { name: 'claim_token', nullable: true }) claimToken!: string | null;
  @Column('jsonb', { name: 'custom_fields', default: {} }) customFields!: Record<string, string>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
