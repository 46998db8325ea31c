import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { CheckInQuestion } from '@kinship/domain/wire';

/** A workspace's check-in: the counselor's questions and the weekday its week starts on (UTC). */
@Entity('check_in')
export class CheckInEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ type: 'jsonb' }) questions!: CheckInQuestion[];
  @Column({ type: 'smallint' }) weekday!: number;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/** One partner's answers for one week; `answers` is sealed JSON (question id → value). */
@Entity('check_in_answer')
export class CheckInAnswerEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId!: string;
  @Column({ name: 'period_starts', type: 'date' }) periodStarts!: string;
  @Column({ type: 'text' }) answers!: string;
  @Column({ name: 'answered_at', type: 'timestamptz', default: () => 'now()' }) answeredAt!: Date;
}

/** An answer its partner chose to share with the other partner. */
@Entity('check_in_share')
export class CheckInShareEntity {
  @PrimaryColumn({ name: 'answer_id', type: 'uuid' }) answerId!: string;
  @PrimaryColumn({ name: 'question_id', type: 'text' }) questionId!: string;
  @Column({ name: 'shared_at', type: 'timestamptz', default: () => 'now()' }) sharedAt!: Date;
}
