import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@kinship/domain/rules';
import type { LiveSessionState } from './live-session.transitions';

/**
 * The live-sessions feature's tables: a session's current state, and its record (participants,
 * floor turns and mirrors, time-outs, documents edited, the counselor's private observations).
 * Words people wrote are sealed at rest (ContentCipher); the repository opens them.
 */

const bigintNumber = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/** A live counseling session: its current state, and once ended, its summary. */
@Entity('live_session')
export class LiveSessionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ name: 'started_by', type: 'uuid' }) startedBy!: string;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt!: Date | null;
  @Column({ name: 'dialogue_document_id', type: 'uuid' }) dialogueDocumentId!: string;
  /** The current state (its words sealed at rest). */
  @Column({ type: 'jsonb' }) state!: LiveSessionState;
  /** From one sequence across sessions: a higher version is a newer word on the workspace's session. */
  @Column({ type: 'bigint', transformer: bigintNumber }) version!: number;
  @Column({ type: 'text', nullable: true }) summary!: string | null;
  @Column({ name: 'summary_updated_at', type: 'timestamptz', nullable: true }) summaryUpdatedAt!: Date | null;
}

@Entity('live_session_participant')
export class LiveSessionParticipantEntity {
  @PrimaryColumn({ name: 'session_id', type: 'uuid' }) sessionId!: string;
  @PrimaryColumn({ name: 'account_id', type: 'uuid' }) accountId!: string;
  /** Their role when they joined. */
  @Column({ type: 'text' }) role!: Role;
  @Column({ name: 'joined_at', type: 'timestamptz' }) joinedAt!: Date;
}

/** One partner's time holding the floor. */
@Entity('live_session_turn')
export class LiveSessionTurnEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'session_id', type: 'uuid' }) sessionId!: string;
  @Column({ name: 'speaker_id', type: 'uuid' }) speakerId!: string;
  @Column({ name: 'listener_id', type: 'uuid' }) listenerId!: string;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt!: Date | null;
}

/** A listener's restatement of what the speaker said, and the speaker's answer to it. */
@Entity('live_session_mirror')
export class LiveSessionMirrorEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'turn_id', type: 'uuid' }) turnId!: string;
  @Column({ name: 'listener_id', type: 'uuid' }) listenerId!: string;
  @Column({ type: 'text' }) text!: string;
  @Column({ type: 'text' }) status!: 'pending' | 'confirmed' | 'clarified';
  @Column({ type: 'text', nullable: true }) clarification!: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz' }) submittedAt!: Date;
  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true }) answeredAt!: Date | null;
}

@Entity('live_session_time_out')
export class LiveSessionTimeOutEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'session_id', type: 'uuid' }) sessionId!: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId!: string;
  @Column({ name: 'requested_at', type: 'timestamptz' }) requestedAt!: Date;
  @Column({ type: 'text' }) status!: 'open' | 'granted' | 'answered';
  @Column({ type: 'text', nullable: true }) answer!: string | null;
  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true }) answeredAt!: Date | null;
}

/** A document someone edited while the session was live: one row per document and editor. */
@Entity('live_session_document')
export class LiveSessionDocumentEntity {
  @PrimaryColumn({ name: 'session_id', type: 'uuid' }) sessionId!: string;
  @PrimaryColumn({ name: 'document_id', type: 'uuid' }) documentId!: string;
  @PrimaryColumn({ name: 'account_id', type: 'uuid' }) accountId!: string;
  @Column({ name: 'first_edited_at', type: 'timestamptz' }) firstEditedAt!: Date;
}

/** The counselor's private observations on a session: read only on the counselor's path. */
@Entity('live_session_observation')
export class LiveSessionObservationEntity {
  @PrimaryColumn({ name: 'session_id', type: 'uuid' }) sessionId!: string;
  @Column({ type: 'text' }) text!: string;
  @Column({ name: 'updated_by', type: 'uuid' }) updatedBy!: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
