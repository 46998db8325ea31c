import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RepairKind, RepairStatus, RepairStep } from '@kinship/domain/rules';

/**
 * The guided repair's tables. A repair's whole state (every partner's words) is one sealed value
 * (ContentCipher, bound to its row); an apology draft is sealed too and belongs to its author alone.
 */

@Entity('repair')
export class RepairEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ type: 'text' }) kind!: RepairKind;
  @Column({ type: 'text' }) status!: RepairStatus;
  @Column({ type: 'text' }) step!: RepairStep;
  /** The sealed RepairState. */
  @Column({ type: 'text' }) state!: string;
  @Column({ type: 'int', default: 1 }) version!: number;
  @Column({ name: 'started_by', type: 'uuid' }) startedBy!: string;
  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' }) startedAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/** A partner's apology while they build it: theirs alone until they send it. */
@Entity('repair_apology_draft')
export class RepairApologyDraftEntity {
  @PrimaryColumn({ name: 'repair_id', type: 'uuid' }) repairId!: string;
  @PrimaryColumn({ name: 'account_id', type: 'uuid' }) accountId!: string;
  @Column({ type: 'text' }) draft!: string;
}

/** Whether the counselor has unlocked betrayal repair for the workspace (none: locked). */
@Entity('repair_setting')
export class RepairSettingEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'betrayal_unlocked', type: 'boolean' }) betrayalUnlocked!: boolean;
  @Column({ name: 'set_by', type: 'uuid' }) setBy!: string;
  @Column({ name: 'set_at', type: 'timestamptz', default: () => 'now()' }) setAt!: Date;
}
