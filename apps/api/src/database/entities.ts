import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { DocumentKind, Role } from '@kinship/domain';

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
];
