import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Whether a person wants a short mail when something waits for them in Kinship (off unless they
 * chose it: no row, or `enabled` false), and when the last one left, so they get at most one in
 * NOTICE_MAIL_EVERY_HOURS.
 */
@Entity('notice_mail')
export class NoticeMailEntity {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' }) accountId!: string;
  @Column({ type: 'boolean', default: false }) enabled!: boolean;
  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' }) changedAt!: Date;
  @Column({ name: 'last_sent_at', type: 'timestamptz', nullable: true }) lastSentAt!: Date | null;
}
