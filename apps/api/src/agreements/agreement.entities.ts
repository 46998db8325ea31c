import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { AgreementItem } from '@kinship/domain/agreements';

/**
 * The agreements feature's tables: versions in force, proposals and what happens to them (decisions,
 * comments, conflicts), and archive requests. Items, reasons and words are sealed at rest
 * (ContentCipher): the types say what the repository hands out once it has opened them.
 */

export type ProposalStatus = 'open' | 'in-force' | 'declined' | 'withdrawn';

/** One who accepted a version, as kept with it. */
export interface Acceptance {
  accountId: string;
  name: string;
  at: string;
}

/** A proposal document, its agreement and base version (0 = the draft), and how it closed. */
@Entity('agreement_proposal')
export class AgreementProposalEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' }) documentId!: string;
  @Column({ name: 'agreement_id', type: 'uuid' }) agreementId!: string;
  @Column({ name: 'base_version', type: 'int' }) baseVersion!: number;
  /** The items at the base (for conflicts). */
  @Column({ name: 'base_items', type: 'jsonb' }) baseItems!: AgreementItem[];
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'text', default: 'open' }) status!: ProposalStatus;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ name: 'closed_by', type: 'uuid', nullable: true }) closedBy!: string | null;
  @Column({ name: 'closed_reason', type: 'text', nullable: true }) closedReason!: string | null;
}

/** A version in force, immutable (a trigger refuses every UPDATE). */
@Entity('agreement_version')
export class AgreementVersionEntity {
  @PrimaryColumn({ name: 'agreement_id', type: 'uuid' }) agreementId!: string;
  @PrimaryColumn({ type: 'int' }) number!: number;
  /** The Yjs state. */
  @Column({ type: 'bytea' }) state!: Buffer;
  @Column({ type: 'jsonb' }) items!: AgreementItem[];
  @Column({ name: 'proposal_id', type: 'uuid' }) proposalId!: string;
  @Column({ name: 'proposed_by', type: 'uuid' }) proposedBy!: string;
  @Column({ name: 'accepted_by', type: 'jsonb' }) acceptedBy!: Acceptance[];
  @Column({ name: 'in_force_at', type: 'timestamptz', default: () => 'now()' }) inForceAt!: Date;
}

/** A partner's acceptance (of a state hash) or decline (with a reason); an acceptance can be withdrawn. */
@Entity('proposal_decision')
export class ProposalDecisionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'proposal_id', type: 'uuid' }) proposalId!: string;
  @Column({ name: 'account_id', type: 'uuid' }) accountId!: string;
  @Column({ type: 'text' }) decision!: 'accepted' | 'declined';
  @Column({ name: 'state_hash', type: 'text', nullable: true }) stateHash!: string | null;
  @Column({ type: 'jsonb', nullable: true }) items!: AgreementItem[] | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', default: () => 'now()' }) decidedAt!: Date;
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt!: Date | null;
  @Column({ name: 'withdrawn_reason', type: 'text', nullable: true }) withdrawnReason!: string | null;
}

/** A comment on one item of a proposal. */
@Entity('proposal_comment')
export class ProposalCommentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'proposal_id', type: 'uuid' }) proposalId!: string;
  @Column({ name: 'item_id', type: 'text' }) itemId!: string;
  @Column({ name: 'author_id', type: 'uuid' }) authorId!: string;
  @Column({ type: 'text' }) text!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** An item both sides changed, found when a stale proposal is brought up to date, and how it was resolved. */
@Entity('proposal_conflict')
export class ProposalConflictEntity {
  @PrimaryColumn({ name: 'proposal_id', type: 'uuid' }) proposalId!: string;
  @PrimaryColumn({ name: 'item_id', type: 'text' }) itemId!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'merged_item', type: 'jsonb', nullable: true }) mergedItem!: AgreementItem | null;
  @Column({ name: 'found_at', type: 'timestamptz', default: () => 'now()' }) foundAt!: Date;
  @Column({ name: 'resolved_by', type: 'uuid', nullable: true }) resolvedBy!: string | null;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) resolution!: 'edited' | 'kept' | null;
}

/** One partner asks to archive an agreement in force; the other confirms. */
@Entity('agreement_archive_request')
export class AgreementArchiveRequestEntity {
  @PrimaryColumn({ name: 'agreement_id', type: 'uuid' }) agreementId!: string;
  @Column({ name: 'requested_by', type: 'uuid' }) requestedBy!: string;
  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' }) requestedAt!: Date;
}
