import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CommitmentOutcome, CommitmentRetiredReason, CommitmentRhythm } from '@kinship/domain/rules';
import { ContentCipher, contexts } from '../encryption/content-cipher';
import type { Tx } from '../database/transactions';

/** Where a sealed value belongs: moved to another row, it does not open there. */
const sealedAt = {
  text: (commitmentId: string) => `commitment:${commitmentId}:text`,
  note: (checkInId: string) => `commitment-check-in:${checkInId}:note`,
};

export interface CommitmentRow {
  id: string;
  workspaceId: string;
  agreementId: string;
  itemId: string;
  accountId: string;
  text: string;
  version: number;
  createdAt: Date;
  retiredAt: Date | null;
  retiredReason: CommitmentRetiredReason | null;
  retiredInVersion: number | null;
}

export interface CheckInRow {
  id: string;
  commitmentId: string;
  period: string;
  outcome: CommitmentOutcome;
  note: string | null;
}

export interface AgreementDocument {
  id: string;
  workspaceId: string;
  kind: string;
  title: string;
}

const COMMITMENT_COLUMNS = `id, workspace_id AS "workspaceId", agreement_id AS "agreementId", item_id AS "itemId", account_id AS "accountId", text,
  version, created_at AS "createdAt", retired_at AS "retiredAt", retired_reason AS "retiredReason", retired_in_version AS "retiredInVersion"`;

/** Commitments, their check-ins and the workspace's rhythm; words and notes sealed at rest. */
@Injectable()
export class CommitmentsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: ContentCipher,
  ) {}

  private db(tx?: Tx) {
    return tx ?? this.dataSource.manager;
  }

  private async open(rows: CommitmentRow[]): Promise<CommitmentRow[]> {
    for (const r of rows) r.text = await this.cipher.decryptText(r.workspaceId, r.text, sealedAt.text(r.id));
    return rows;
  }

  /** The document an agreement id names (any kind, so the service can tell), with its title opened. */
  async agreementDocument(documentId: string): Promise<AgreementDocument | null> {
    const rows: AgreementDocument[] = await this.dataSource.query(
      `SELECT id, workspace_id AS "workspaceId", kind, title FROM document WHERE id = $1`,
      [documentId],
    );
    const row = rows[0];
    if (!row) return null;
    row.title = await this.cipher.decryptText(row.workspaceId, row.title, contexts.documentTitle(row.id));
    return row;
  }

  async rhythm(workspaceId: string): Promise<CommitmentRhythm | null> {
    const rows: { rhythm: CommitmentRhythm }[] = await this.dataSource.query(`SELECT rhythm FROM commitment_rhythm WHERE workspace_id = $1`, [workspaceId]);
    return rows[0]?.rhythm ?? null;
  }

  async setRhythm(workspaceId: string, rhythm: CommitmentRhythm, by: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO commitment_rhythm (workspace_id, rhythm, set_by) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id) DO UPDATE SET rhythm = EXCLUDED.rhythm, set_by = EXCLUDED.set_by, set_at = now()`,
      [workspaceId, rhythm, by],
    );
  }

  async insert(row: Pick<CommitmentRow, 'id' | 'workspaceId' | 'agreementId' | 'itemId' | 'accountId' | 'text' | 'version'>): Promise<void> {
    const sealed = await this.cipher.encryptText(row.workspaceId, row.text, sealedAt.text(row.id));
    await this.dataSource.query(
      `INSERT INTO commitment (id, workspace_id, agreement_id, item_id, account_id, text, version) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.id, row.workspaceId, row.agreementId, row.itemId, row.accountId, sealed, row.version],
    );
  }

  async find(id: string): Promise<CommitmentRow | null> {
    const rows: CommitmentRow[] = await this.dataSource.query(`SELECT ${COMMITMENT_COLUMNS} FROM commitment WHERE id = $1`, [id]);
    return (await this.open(rows))[0] ?? null;
  }

  /** The workspace's commitments, oldest first; `accountId` narrows them to one author's. */
  async list(workspaceId: string, accountId?: string): Promise<CommitmentRow[]> {
    const rows: CommitmentRow[] = await this.dataSource.query(
      `SELECT ${COMMITMENT_COLUMNS} FROM commitment WHERE workspace_id = $1 AND ($2::uuid IS NULL OR account_id = $2) ORDER BY created_at, id`,
      [workspaceId, accountId ?? null],
    );
    return this.open(rows);
  }

  async reword(row: CommitmentRow, text: string): Promise<void> {
    const sealed = await this.cipher.encryptText(row.workspaceId, text, sealedAt.text(row.id));
    await this.dataSource.query(`UPDATE commitment SET text = $2 WHERE id = $1 AND retired_at IS NULL`, [row.id, sealed]);
  }

  /** Retires a commitment still standing; false when it already was. */
  async retire(id: string, reason: CommitmentRetiredReason, inVersion: number | null, tx?: Tx): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.db(tx).query(
      `UPDATE commitment SET retired_at = now(), retired_reason = $2, retired_in_version = $3 WHERE id = $1 AND retired_at IS NULL`,
      [id, reason, inVersion],
    );
    return affected > 0;
  }

  /** Carries a standing commitment into a newer version of its agreement. */
  async carry(id: string, version: number, tx?: Tx): Promise<void> {
    await this.db(tx).query(`UPDATE commitment SET version = $2 WHERE id = $1 AND retired_at IS NULL AND version < $2`, [id, version]);
  }

  /** One check-in per commitment and period: made, or changed in place. */
  async upsertCheckIn(workspaceId: string, commitmentId: string, period: string, outcome: CommitmentOutcome, note: string | null, newId: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const existing: { id: string }[] = await tx.query(`SELECT id FROM commitment_check_in WHERE commitment_id = $1 AND period = $2 FOR UPDATE`, [commitmentId, period]);
      const id = existing[0]?.id ?? newId;
      const sealed = note === null ? null : await this.cipher.encryptText(workspaceId, note, sealedAt.note(id), tx);
      await tx.query(
        `INSERT INTO commitment_check_in (id, commitment_id, period, outcome, note) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (commitment_id, period) DO UPDATE SET outcome = EXCLUDED.outcome, note = EXCLUDED.note, updated_at = now()`,
        [id, commitmentId, period, outcome, sealed],
      );
    });
  }

  /** The check-ins of these commitments in these periods, notes opened. */
  async checkIns(workspaceId: string, commitmentIds: string[], periods: string[]): Promise<CheckInRow[]> {
    if (commitmentIds.length === 0 || periods.length === 0) return [];
    const rows: CheckInRow[] = await this.dataSource.query(
      `SELECT id, commitment_id AS "commitmentId", period::text AS period, outcome, note FROM commitment_check_in
       WHERE commitment_id = ANY($1::uuid[]) AND period = ANY($2::date[]) ORDER BY period`,
      [commitmentIds, periods],
    );
    for (const r of rows) if (r.note !== null) r.note = await this.cipher.decryptText(workspaceId, r.note, sealedAt.note(r.id));
    return rows;
  }
}
