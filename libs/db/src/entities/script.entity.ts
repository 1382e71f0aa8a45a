import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('scripts')
export class Script {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'organization_id' }) organizationId!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'main_pitch' }) mainPitch!: string;
  /** Replies keyed by objection kind, e.g. { price: "...", timing: "..." }. */
  @Column('jsonb', { name: 'objection_handling', default: {} }) objectionHandling!: Record<string, string>;
  @Column('text', { default: '' }) closing!: string;
  @Column('text', { name: 'follow_up', default: '' }) followUp!: string;
  @Column('text', { name: 'voicemail_message', default: '' }) voicemailMessage!: string;
  /** BCP 47 tag of the language the call speaks, one of SCRIPT_LANGUAGES. */
  @Column('text', { default: 'en-US' }) language!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
