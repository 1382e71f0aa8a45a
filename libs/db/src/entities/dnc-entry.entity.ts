import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A number the organization must never call (unique per organization, E.164). */
@Entity('dnc_entries')
export class DncEntry {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'organization_id' }) organizationId!: string;
  @Column('text') phone!: string;
  @Column('text', { default: '' }) reason!: string;
  @Column('text', { default: 'manual' }) source!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
