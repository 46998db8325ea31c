import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { SafetyQuestion } from '@kinship/domain/wire';

/** A workspace's safety questions (with the counselor's risk marks) and the practice's safety resources; none: our defaults. */
@Entity('safety_settings')
export class SafetySettingsEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ type: 'jsonb' }) questions!: SafetyQuestion[];
  @Column({ type: 'text' }) resources!: string;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/** One partner's answers at one moment; `answers` is sealed JSON (the values, and which were a risk). */
@Entity('safety_answer')
export class SafetyAnswerEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId!: string;
  @Column({ type: 'text' }) answers!: string;
  @Column({ name: 'answered_at', type: 'timestamptz', default: () => 'now()' }) answeredAt!: Date;
}

/** A message in a partner's thread with the counselor; `body` is sealed. */
@Entity('safety_message')
export class SafetyMessageEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  /** Whose thread: the partner's. */
  @Column({ name: 'partner_id', type: 'uuid' }) partnerId!: string;
  @Column({ name: 'from_counselor', type: 'boolean' }) fromCounselor!: boolean;
  @Column({ type: 'text' }) body!: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}

/** What waits for the counselor: an answer marked as a risk, or a partner's message. */
@Entity('safety_alert')
export class SafetyAlertEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId!: string;
  @Column({ type: 'text' }) kind!: 'risk-answer' | 'message';
  @Column({ name: 'answer_id', type: 'uuid', nullable: true }) answerId!: string | null;
  @Column({ name: 'message_id', type: 'uuid', nullable: true }) messageId!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'seen_at', type: 'timestamptz', nullable: true }) seenAt!: Date | null;
}

/** While a row is here, the workspace's joint work is paused; the counselor's note is sealed. */
@Entity('joint_work_pause')
export class JointWorkPauseEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'paused_by', type: 'uuid', nullable: true }) pausedBy!: string | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'paused_at', type: 'timestamptz', default: () => 'now()' }) pausedAt!: Date;
}
