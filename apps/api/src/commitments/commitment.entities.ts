import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CommitmentOutcome, CommitmentRetiredReason, CommitmentRhythm } from '@kinship/domain/rules';

/**
 * The commitments feature's tables. A commitment's words and a check-in's note are sealed at rest
 * (ContentCipher); the types say what the repository hands out once it has opened them.
 */

/** A partner's commitment on one item (by its id, which every version keeps) of an agreement. */
@Entity('commitment')
export class CommitmentEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'agreement_id', type: 'uuid' }) agreementId!: string;
  @Column({ name: 'item_id', type: 'text' }) itemId!: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId!: string;
  @Column({ type: 'text' }) text!: string;
  /** The version it was made in, or last carried into. */
  @Column({ type: 'int' }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true }) retiredAt!: Date | null;
  @Column({ name: 'retired_reason', type: 'text', nullable: true }) retiredReason!: CommitmentRetiredReason | null;
  @Column({ name: 'retired_in_version', type: 'int', nullable: true }) retiredInVersion!: number | null;
}

/** One check-in per commitment and period (named by its first day); changed only within its period. */
@Entity('commitment_check_in')
export class CommitmentCheckInEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'commitment_id', type: 'uuid' }) commitmentId!: string;
  @Column({ type: 'date' }) period!: string;
  @Column({ type: 'text' }) outcome!: CommitmentOutcome;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/** The workspace's rhythm, set by the counselor with the couple (none: weekly). */
@Entity('commitment_rhythm')
export class CommitmentRhythmEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ type: 'text' }) rhythm!: CommitmentRhythm;
  @Column({ name: 'set_by', type: 'uuid' }) setBy!: string;
  @Column({ name: 'set_at', type: 'timestamptz', default: () => 'now()' }) setAt!: Date;
}
