import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AuditKind } from '@kinship/domain/wire';

/**
 * The audit trail: append-only entries, hash-chained (triggers refuse UPDATE, DELETE and TRUNCATE),
 * and the chain's head, which only moves forward. Ids are not foreign keys: an entry outlives what
 * it names.
 */

@Entity('audit_entry')
export class AuditEntryEntity {
  /** bigint, read as text. */
  @PrimaryColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'text' }) kind!: AuditKind;
  @Column({ name: 'account_id', type: 'uuid', nullable: true }) accountId!: string | null;
  @Column({ type: 'text', nullable: true }) email!: string | null;
  @Column({ name: 'workspace_id', type: 'uuid', nullable: true }) workspaceId!: string | null;
  @Column({ name: 'document_id', type: 'uuid', nullable: true }) documentId!: string | null;
  @Column({ name: 'invite_id', type: 'uuid', nullable: true }) inviteId!: string | null;
  @Column({ name: 'subject_id', type: 'uuid', nullable: true }) subjectId!: string | null;
  @Column({ type: 'text', nullable: true }) ip!: string | null;
  @Column({ type: 'text', nullable: true }) device!: string | null;
  @Column({ name: 'prev_hash', type: 'text' }) prevHash!: string;
  @Column({ type: 'text', unique: true }) hash!: string;
}

/** The chain's head: one row, moved forward in the transaction that appends entries. */
@Entity('audit_chain_head')
export class AuditChainHeadEntity {
  @PrimaryColumn({ name: 'only_row', type: 'boolean', default: true }) onlyRow!: true;
  /** bigint, read as text. */
  @Column({ type: 'bigint' }) id!: string;
  @Column({ type: 'text' }) hash!: string;
}
