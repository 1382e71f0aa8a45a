import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('organizations')
export class Organization {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  /** Dial limits shared by all the organization's campaigns; null is no limit. */
  @Column('numeric', { name: 'calls_per_second', nullable: true }) callsPerSecond!: string | null;
  @Column('int', { name: 'max_concurrent_calls', nullable: true }) maxConcurrentCalls!: number | null;
  @Column('timestamptz', { name: 'dial_slot_at', nullable: true }) dialSlotAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
