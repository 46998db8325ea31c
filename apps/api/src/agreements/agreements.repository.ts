import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AgreementItem } from '@kinship/domain/agreements';
import type { Tx } from '../database/transactions';
import { ContentCipher, contexts } from '../encryption/content-cipher';
import type {
  AgreementArchiveRequestEntity,
  AgreementProposalEntity,
  AgreementVersionEntity,
  ProposalCommentEntity,
  ProposalConflictEntity,
  ProposalDecisionEntity,
  ProposalStatus,
} from './agreement.entities';

export type { ProposalStatus } from './agreement.entities';

/** Rows as read here are the owning entity's columns (opened) and the names joined to them. */
export type ProposalRow = Pick<
  AgreementProposalEntity,
  'documentId' | 'agreementId' | 'baseVersion' | 'baseItems' | 'createdBy' | 'createdAt' | 'status' | 'closedAt' | 'closedReason'
> & { title: string; createdByName: string };

export type VersionRow = Pick<AgreementVersionEntity, 'agreementId' | 'number' | 'state' | 'items' | 'proposalId' | 'proposedBy' | 'acceptedBy' | 'inForceAt'> & {
  proposedByName: string;
};

export type DecisionRow = Pick<
  ProposalDecisionEntity,
  'id' | 'accountId' | 'decision' | 'stateHash' | 'items' | 'reason' | 'decidedAt' | 'withdrawnAt' | 'withdrawnReason'
> & { name: string };

export type CommentRow = Pick<ProposalCommentEntity, 'id' | 'itemId' | 'authorId' | 'text' | 'createdAt'> & { authorName: string; authorRole: 'counselor' | 'partner' };

export type ConflictRow = Pick<ProposalConflictEntity, 'itemId' | 'title' | 'mergedItem' | 'resolvedBy' | 'resolvedAt' | 'resolution'> & { resolvedByName: string | null };

export type ArchiveRequestRow = Pick<AgreementArchiveRequestEntity, 'requestedBy' | 'requestedAt'> & { name: string };

const PROPOSAL_COLUMNS = `p.document_id AS "documentId", p.agreement_id AS "agreementId", d.title, p.base_version AS "baseVersion",
  p.base_items AS "baseItems", p.created_by AS "createdBy", a.display_name AS "createdByName", p.created_at AS "createdAt",
  p.status, p.closed_at AS "closedAt", p.closed_reason AS "closedReason"`;
const PROPOSAL_FROM = `agreement_proposal p JOIN document d ON d.id = p.document_id JOIN account a ON a.id = p.created_by`;

const VERSION_COLUMNS = `v.agreement_id AS "agreementId", v.number, v.state, v.items, v.proposal_id AS "proposalId",
  v.proposed_by AS "proposedBy", a.display_name AS "proposedByName", v.accepted_by AS "acceptedBy", v.in_force_at AS "inForceAt"`;

/** Versions in force, proposals, decisions, comments, conflicts and archive requests: SQL only. */
@Injectable()
export class AgreementsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: ContentCipher,
  ) {}

  /** A version as read: its state and items decrypted (they are kept encrypted). */
  private async openVersions(rows: VersionRow[], tx?: Tx): Promise<VersionRow[]> {
    for (const v of rows) {
      const workspaceId = await this.cipher.workspaceOf(v.agreementId, tx);
      v.state = await this.cipher.decrypt(workspaceId, v.state, contexts.agreementVersionState(v.agreementId, v.number), tx);
      v.items = await this.cipher.decryptJson<AgreementItem[]>(workspaceId, v.items, contexts.agreementVersionItems(v.agreementId, v.number), tx);
    }
    return rows;
  }

  /** A proposal as read: its base items decrypted. */
  private async openProposals(rows: ProposalRow[], tx?: Tx): Promise<ProposalRow[]> {
    for (const p of rows) {
      const workspaceId = await this.cipher.workspaceOf(p.documentId, tx);
      p.baseItems = await this.cipher.decryptJson<AgreementItem[]>(workspaceId, p.baseItems, contexts.proposalBaseItems(p.documentId), tx);
      if (p.closedReason !== null) p.closedReason = await this.cipher.decryptText(workspaceId, p.closedReason, contexts.closedReason(p.documentId), tx);
    }
    return rows;
  }

  private async sealBaseItems(documentId: string, items: AgreementItem[], tx: Tx): Promise<string> {
    return this.cipher.encryptJson(await this.cipher.workspaceOf(documentId, tx), items, contexts.proposalBaseItems(documentId), tx);
  }

  private q(tx?: Tx) {
    return tx ?? this.dataSource.manager;
  }

  /** The document's first stored state, written as its snapshot so its history starts there. */
  async writeFirstSnapshot(documentId: string, state: Uint8Array, tx: Tx): Promise<void> {
    await tx.query(`INSERT INTO document_snapshot (document_id, state, updated_at) VALUES ($1, $2, now())`, [documentId, await this.cipher.sealDocument(documentId, state, tx)]);
  }

  /**
   * Who wrote what travels with a copy: the client ids of `fromDocumentId` keep their authors in
   * `toDocumentId` (a proposal copied from its agreement, a version shown in its agreement, a
   * proposal brought up to date), so "who wrote this" still names the partner who typed it.
   */
  async copyAuthors(fromDocumentId: string, toDocumentId: string, tx?: Tx): Promise<void> {
    await this.q(tx).query(
      `INSERT INTO document_client (document_id, client_id, account_id)
       SELECT $2, client_id, account_id FROM document_client WHERE document_id = $1
       ON CONFLICT DO NOTHING`,
      [fromDocumentId, toDocumentId],
    );
  }

  async insertProposal(row: Pick<AgreementProposalEntity, 'documentId' | 'agreementId' | 'baseVersion' | 'baseItems' | 'createdBy'>, tx: Tx): Promise<void> {
    await tx.query(
      `INSERT INTO agreement_proposal (document_id, agreement_id, base_version, base_items, created_by) VALUES ($1, $2, $3, $4, $5)`,
      [row.documentId, row.agreementId, row.baseVersion, await this.sealBaseItems(row.documentId, row.baseItems, tx), row.createdBy],
    );
  }

  async findProposal(documentId: string, tx?: Tx): Promise<ProposalRow | null> {
    const rows: ProposalRow[] = await this.q(tx).query(`SELECT ${PROPOSAL_COLUMNS} FROM ${PROPOSAL_FROM} WHERE p.document_id = $1`, [documentId]);
    return (await this.openProposals(rows, tx))[0] ?? null;
  }

  /** The agreement a proposal belongs to (null: no such proposal). */
  async agreementOfProposal(documentId: string): Promise<string | null> {
    const rows: { agreementId: string }[] = await this.q().query(`SELECT agreement_id AS "agreementId" FROM agreement_proposal WHERE document_id = $1`, [documentId]);
    return rows[0]?.agreementId ?? null;
  }

  /** The proposal's row, locked until the transaction ends: decisions on one proposal take turns. */
  async lockProposal(documentId: string, tx: Tx): Promise<ProposalRow | null> {
    await tx.query(`SELECT 1 FROM agreement_proposal WHERE document_id = $1 FOR UPDATE`, [documentId]);
    return this.findProposal(documentId, tx);
  }

  async listProposals(agreementId: string): Promise<ProposalRow[]> {
    return this.openProposals(await this.q().query(`SELECT ${PROPOSAL_COLUMNS} FROM ${PROPOSAL_FROM} WHERE p.agreement_id = $1 ORDER BY p.created_at DESC`, [agreementId]));
  }

  async openProposalCount(agreementId: string, tx: Tx): Promise<number> {
    const rows: { n: string }[] = await tx.query(`SELECT count(*) AS n FROM agreement_proposal WHERE agreement_id = $1 AND status = 'open'`, [agreementId]);
    return Number(rows[0]!.n);
  }

  async closeProposal(documentId: string, status: Exclude<ProposalStatus, 'open'>, by: string, reason: string, tx: Tx): Promise<void> {
    await tx.query(`UPDATE agreement_proposal SET status = $2, closed_at = now(), closed_by = $3, closed_reason = $4 WHERE document_id = $1`, [
      documentId,
      status,
      by,
      await this.cipher.encryptText(await this.cipher.workspaceOf(documentId, tx), reason, contexts.closedReason(documentId), tx),
    ]);
  }

  async rebaseProposal(documentId: string, baseVersion: number, baseItems: AgreementItem[], tx: Tx): Promise<void> {
    await tx.query(`UPDATE agreement_proposal SET base_version = $2, base_items = $3 WHERE document_id = $1`, [documentId, baseVersion, await this.sealBaseItems(documentId, baseItems, tx)]);
  }

  // ---- Versions ----

  /** The agreement's versions, newest first; with their states only when asked. */
  async listVersions(agreementId: string, tx?: Tx): Promise<VersionRow[]> {
    const rows: VersionRow[] = await this.q(tx).query(
      `SELECT ${VERSION_COLUMNS} FROM agreement_version v JOIN account a ON a.id = v.proposed_by WHERE v.agreement_id = $1 ORDER BY v.number DESC`,
      [agreementId],
    );
    return this.openVersions(rows, tx);
  }

  async version(agreementId: string, number: number, tx?: Tx): Promise<VersionRow | null> {
    const rows: VersionRow[] = await this.q(tx).query(
      `SELECT ${VERSION_COLUMNS} FROM agreement_version v JOIN account a ON a.id = v.proposed_by WHERE v.agreement_id = $1 AND v.number = $2`,
      [agreementId, number],
    );
    return (await this.openVersions(rows, tx))[0] ?? null;
  }

  async latestVersion(agreementId: string, tx?: Tx): Promise<VersionRow | null> {
    const rows: VersionRow[] = await this.q(tx).query(
      `SELECT ${VERSION_COLUMNS} FROM agreement_version v JOIN account a ON a.id = v.proposed_by WHERE v.agreement_id = $1 ORDER BY v.number DESC LIMIT 1`,
      [agreementId],
    );
    return (await this.openVersions(rows, tx))[0] ?? null;
  }

  async insertVersion(
    row: Pick<AgreementVersionEntity, 'agreementId' | 'number' | 'items' | 'proposalId' | 'proposedBy' | 'acceptedBy'> & { state: Uint8Array },
    tx: Tx,
  ): Promise<void> {
    const workspaceId = await this.cipher.workspaceOf(row.agreementId, tx);
    const state = await this.cipher.encrypt(workspaceId, row.state, contexts.agreementVersionState(row.agreementId, row.number), tx);
    const items = await this.cipher.encryptJson(workspaceId, row.items, contexts.agreementVersionItems(row.agreementId, row.number), tx);
    await tx.query(
      `INSERT INTO agreement_version (agreement_id, number, state, items, proposal_id, proposed_by, accepted_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.agreementId, row.number, state, items, row.proposalId, row.proposedBy, JSON.stringify(row.acceptedBy)],
    );
  }

  // ---- Decisions ----

  async decisions(proposalId: string, tx?: Tx): Promise<DecisionRow[]> {
    const rows: DecisionRow[] = await this.q(tx).query(
      `SELECT x.id, x.account_id AS "accountId", a.display_name AS name, x.decision, x.state_hash AS "stateHash", x.items, x.reason,
              x.decided_at AS "decidedAt", x.withdrawn_at AS "withdrawnAt", x.withdrawn_reason AS "withdrawnReason"
         FROM proposal_decision x JOIN account a ON a.id = x.account_id
        WHERE x.proposal_id = $1 ORDER BY x.decided_at, x.id`,
      [proposalId],
    );
    if (rows.length === 0) return rows;
    const workspaceId = await this.cipher.workspaceOf(proposalId, tx);
    for (const d of rows) {
      d.items = await this.cipher.decryptJson<AgreementItem[] | null>(workspaceId, d.items, contexts.decisionItems(d.id), tx);
      if (d.reason !== null) d.reason = await this.cipher.decryptText(workspaceId, d.reason, contexts.decisionReason(d.id), tx);
      if (d.withdrawnReason !== null) d.withdrawnReason = await this.cipher.decryptText(workspaceId, d.withdrawnReason, contexts.withdrawnReason(d.id), tx);
    }
    return rows;
  }

  async insertDecision(
    row: Pick<ProposalDecisionEntity, 'proposalId' | 'accountId' | 'decision' | 'stateHash' | 'items' | 'reason'>,
    tx: Tx,
  ): Promise<void> {
    const id = randomUUID();
    const workspaceId = await this.cipher.workspaceOf(row.proposalId, tx);
    const items = row.items ? await this.cipher.encryptJson(workspaceId, row.items, contexts.decisionItems(id), tx) : null;
    const reason = row.reason === null ? null : await this.cipher.encryptText(workspaceId, row.reason, contexts.decisionReason(id), tx);
    await tx.query(`INSERT INTO proposal_decision (id, proposal_id, account_id, decision, state_hash, items, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      id,
      row.proposalId,
      row.accountId,
      row.decision,
      row.stateHash,
      items,
      reason,
    ]);
  }

  /** Withdraws an acceptance, with why; the reason names people and items, so it is kept sealed. */
  async withdrawAcceptance(decisionId: string, reason: string, tx: Tx): Promise<void> {
    const rows: { proposalId: string }[] = await tx.query(`SELECT proposal_id AS "proposalId" FROM proposal_decision WHERE id = $1 AND withdrawn_at IS NULL`, [decisionId]);
    if (!rows[0]) return;
    const sealed = await this.cipher.encryptText(await this.cipher.workspaceOf(rows[0].proposalId, tx), reason, contexts.withdrawnReason(decisionId), tx);
    await tx.query(`UPDATE proposal_decision SET withdrawn_at = now(), withdrawn_reason = $2 WHERE id = $1 AND withdrawn_at IS NULL`, [decisionId, sealed]);
  }

  // ---- Comments ----

  comments(proposalId: string): Promise<CommentRow[]> {
    return this.q().query(
      `SELECT c.id, c.item_id AS "itemId", c.author_id AS "authorId", a.display_name AS "authorName", m.role AS "authorRole", c.text, c.created_at AS "createdAt"
         FROM proposal_comment c
         JOIN account a ON a.id = c.author_id
         JOIN agreement_proposal p ON p.document_id = c.proposal_id
         JOIN document d ON d.id = p.document_id
         LEFT JOIN membership m ON m.workspace_id = d.workspace_id AND m.account_id = c.author_id
        WHERE c.proposal_id = $1 ORDER BY c.created_at, c.id`,
      [proposalId],
    ).then(async (rows: CommentRow[]) => {
      if (rows.length === 0) return rows;
      const workspaceId = await this.cipher.workspaceOf(proposalId);
      for (const c of rows) c.text = await this.cipher.decryptText(workspaceId, c.text, contexts.proposalComment(c.id));
      return rows;
    });
  }

  async insertComment(row: { proposalId: string; itemId: string; authorId: string; text: string }): Promise<void> {
    const id = randomUUID();
    const text = await this.cipher.encryptText(await this.cipher.workspaceOf(row.proposalId), row.text, contexts.proposalComment(id));
    await this.q().query(`INSERT INTO proposal_comment (id, proposal_id, item_id, author_id, text) VALUES ($1, $2, $3, $4, $5)`, [id, row.proposalId, row.itemId, row.authorId, text]);
  }

  // ---- Conflicts ----

  async conflicts(proposalId: string, tx?: Tx): Promise<ConflictRow[]> {
    const rows: ConflictRow[] = await this.q(tx).query(
      `SELECT c.item_id AS "itemId", c.title, c.merged_item AS "mergedItem", c.resolved_by AS "resolvedBy", a.display_name AS "resolvedByName",
              c.resolved_at AS "resolvedAt", c.resolution
         FROM proposal_conflict c LEFT JOIN account a ON a.id = c.resolved_by
        WHERE c.proposal_id = $1 ORDER BY c.found_at, c.item_id`,
      [proposalId],
    );
    if (rows.length === 0) return rows;
    const workspaceId = await this.cipher.workspaceOf(proposalId, tx);
    for (const c of rows) {
      c.title = await this.cipher.decryptText(workspaceId, c.title, contexts.conflictTitle(proposalId, c.itemId), tx);
      c.mergedItem = await this.cipher.decryptJson<AgreementItem | null>(workspaceId, c.mergedItem, contexts.conflictItem(proposalId, c.itemId), tx);
    }
    return rows;
  }

  /** The conflicts found by a rebase replace those of an earlier one. */
  async replaceConflicts(proposalId: string, conflicts: { itemId: string; title: string; mergedItem: AgreementItem | null }[], tx: Tx): Promise<void> {
    await tx.query(`DELETE FROM proposal_conflict WHERE proposal_id = $1`, [proposalId]);
    const workspaceId = conflicts.length > 0 ? await this.cipher.workspaceOf(proposalId, tx) : '';
    for (const c of conflicts) {
      await tx.query(`INSERT INTO proposal_conflict (proposal_id, item_id, title, merged_item) VALUES ($1, $2, $3, $4)`, [
        proposalId,
        c.itemId,
        await this.cipher.encryptText(workspaceId, c.title, contexts.conflictTitle(proposalId, c.itemId), tx),
        c.mergedItem ? await this.cipher.encryptJson(workspaceId, c.mergedItem, contexts.conflictItem(proposalId, c.itemId), tx) : null,
      ]);
    }
  }

  async resolveConflict(proposalId: string, itemId: string, by: string, how: 'edited' | 'kept', tx?: Tx): Promise<boolean> {
    const [, count] = (await this.q(tx).query(
      `UPDATE proposal_conflict SET resolved_by = $3, resolved_at = now(), resolution = $4 WHERE proposal_id = $1 AND item_id = $2 AND resolved_at IS NULL`,
      [proposalId, itemId, by, how],
    )) as [unknown, number];
    return count > 0;
  }

  // ---- Archive requests ----

  async archiveRequest(agreementId: string, tx?: Tx): Promise<ArchiveRequestRow | null> {
    const rows: ArchiveRequestRow[] = await this.q(tx).query(
      `SELECT r.requested_by AS "requestedBy", a.display_name AS name, r.requested_at AS "requestedAt"
         FROM agreement_archive_request r JOIN account a ON a.id = r.requested_by WHERE r.agreement_id = $1`,
      [agreementId],
    );
    return rows[0] ?? null;
  }

  async requestArchive(agreementId: string, accountId: string): Promise<void> {
    await this.q().query(`INSERT INTO agreement_archive_request (agreement_id, requested_by) VALUES ($1, $2) ON CONFLICT (agreement_id) DO NOTHING`, [agreementId, accountId]);
  }

  async clearArchiveRequest(agreementId: string, tx?: Tx): Promise<void> {
    await this.q(tx).query(`DELETE FROM agreement_archive_request WHERE agreement_id = $1`, [agreementId]);
  }

  /** The workspace's partners (account ids), in the order they joined. */
  async partnersOf(workspaceId: string, tx?: Tx): Promise<string[]> {
    const rows: { id: string }[] = await this.q(tx).query(
      `SELECT account_id AS id FROM membership WHERE workspace_id = $1 AND role = 'partner' ORDER BY joined_at`,
      [workspaceId],
    );
    return rows.map((r) => r.id);
  }

  /** Display names of these accounts. */
  async names(accountIds: string[]): Promise<Map<string, string>> {
    if (accountIds.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await this.q().query(`SELECT id, display_name AS name FROM account WHERE id = ANY($1::uuid[])`, [accountIds]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
