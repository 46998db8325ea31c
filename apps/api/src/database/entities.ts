import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { DocumentKind, LiveSessionView, Role } from '@kinship/domain';

/**
 * Every table, one entity each. Schema changes are migrations (./migrations), never `synchronize`.
 */

@Entity('account')
export class AccountEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text', unique: true }) email!: string;
  @Column({ name: 'password_hash', type: 'text' }) passwordHash!: string;
  @Column({ name: 'display_name', type: 'text' }) displayName!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  /** Set when the person deleted their account: the row stays as a tombstone for the records that name it. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt!: Date | null;
}

@Entity('auth_session')
export class AuthSessionEntity {
  /** SHA-256 of the cookie's token: the token itself is never stored. */
  @PrimaryColumn({ name: 'token_hash', type: 'text' }) tokenHash!: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'last_seen_at', type: 'timestamptz' }) lastSeenAt!: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  /** The id a person sees and revokes a session by: never the token or its hash. */
  @Column({ type: 'uuid', insert: false, update: false }) id!: string;
  @Column({ name: 'user_agent', type: 'text', nullable: true }) userAgent!: string | null;
  /** The client's address, coarse (the last part of an IPv4 address, the last 80 bits of IPv6, dropped). */
  @Column({ type: 'text', nullable: true }) address!: string | null;
}

@Entity('workspace')
export class WorkspaceEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity('membership')
export class MembershipEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @PrimaryColumn({ name: 'account_id', type: 'uuid' }) accountId!: string;
  @Column({ type: 'text' }) role!: Role;
  @CreateDateColumn({ name: 'joined_at', type: 'timestamptz' }) joinedAt!: Date;
}

@Entity('invite')
export class InviteEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ type: 'text' }) role!: Role;
  /** SHA-256 of the link's token. */
  @Column({ name: 'token_hash', type: 'text', unique: true }) tokenHash!: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true }) acceptedAt!: Date | null;
  @Column({ name: 'accepted_by', type: 'uuid', nullable: true }) acceptedBy!: string | null;
  /** Whom the link is for, in the counselor's words. */
  @Column({ type: 'text', nullable: true }) note!: string | null;
  /** When the counselor withdrew it; a withdrawn link no longer works. */
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
}

@Entity('document')
export class DocumentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ type: 'text' }) kind!: DocumentKind;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true }) archivedAt!: Date | null;
  /** Its content is closed to edits: an agreement with a version in force, or a closed proposal. */
  @Column({ name: 'sealed_at', type: 'timestamptz', nullable: true }) sealedAt!: Date | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  /** Counts changes to this record (title, archive): a newer view of it has a higher revision. */
  @Column({ type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } }) revision!: number;
}

/** One row per Yjs update as it arrived, in arrival order (id). */
@Entity('document_update')
export class DocumentUpdateEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'document_id', type: 'uuid' }) documentId!: string;
  @Column({ type: 'bytea' }) data!: Buffer;
  /** Who sent it; null for server-made updates (compaction never writes here). */
  @Column({ name: 'account_id', type: 'uuid', nullable: true }) accountId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/**
 * The document's merged state. Compaction merges some update rows into it and deletes exactly
 * those rows, so snapshot + remaining rows is always the whole document.
 */
@Entity('document_snapshot')
export class DocumentSnapshotEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' }) documentId!: string;
  @Column({ type: 'bytea' }) state!: Buffer;
  /** The state's Yjs state vector, as compaction found it; null when written otherwise. */
  @Column({ name: 'state_vector', type: 'bytea', nullable: true }) stateVector!: Buffer | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** What changes during a live session, kept whole in `live_session.state`. */
export type LiveSessionState = Pick<LiveSessionView, 'lockedDocumentIds' | 'pause' | 'floor' | 'timer' | 'timeOuts' | 'participantIds'>;

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

export const ENTITIES = [
  AccountEntity,
  AuthSessionEntity,
  WorkspaceEntity,
  MembershipEntity,
  InviteEntity,
  DocumentEntity,
  DocumentUpdateEntity,
  DocumentSnapshotEntity,
  LiveSessionEntity,
  LiveSessionParticipantEntity,
  LiveSessionTurnEntity,
  LiveSessionMirrorEntity,
  LiveSessionTimeOutEntity,
  LiveSessionDocumentEntity,
  LiveSessionObservationEntity,
];
