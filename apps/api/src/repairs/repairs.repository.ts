import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Apology, RepairKind, RepairState, RepairStatus, RepairStep } from '@kinship/domain/rules';
import { ContentCipher } from '../encryption/content-cipher';
import type { Tx } from '../database/transactions';

/** Where a sealed value belongs: moved to another row, it does not open there. */
const sealedAt = {
  state: (repairId: string) => `repair:${repairId}:state`,
  draft: (repairId: string, accountId: string) => `repair:${repairId}:apology-draft:${accountId}`,
};

export interface RepairRow {
  id: string;
  workspaceId: string;
  kind: RepairKind;
  status: RepairStatus;
  step: RepairStep;
  version: number;
  startedBy: string;
  startedAt: Date;
  state: RepairState;
}

const COLUMNS = `id, workspace_id AS "workspaceId", kind, status, step, version, started_by AS "startedBy", started_at AS "startedAt", state`;

/** Repairs (their state sealed as one value), apology drafts (sealed) and the betrayal unlock. */
@Injectable()
export class RepairsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: ContentCipher,
  ) {}

  private async open(rows: (Omit<RepairRow, 'state'> & { state: string })[], tx?: Tx): Promise<RepairRow[]> {
    const out: RepairRow[] = [];
    for (const r of rows) out.push({ ...r, state: JSON.parse(await this.cipher.decryptText(r.workspaceId, r.state, sealedAt.state(r.id), tx)) as RepairState });
    return out;
  }

  /** The document an agreement id names: its workspace and kind (so the service can tell). */
  async agreementOf(documentId: string): Promise<{ workspaceId: string; kind: string } | null> {
    const rows: { workspaceId: string; kind: string }[] = await this.dataSource.query(`SELECT workspace_id AS "workspaceId", kind FROM document WHERE id = $1`, [documentId]);
    return rows[0] ?? null;
  }

  async betrayalUnlocked(workspaceId: string): Promise<boolean> {
    const rows: { betrayal_unlocked: boolean }[] = await this.dataSource.query(`SELECT betrayal_unlocked FROM repair_setting WHERE workspace_id = $1`, [workspaceId]);
    return rows[0]?.betrayal_unlocked ?? false;
  }

  async setBetrayalUnlocked(workspaceId: string, unlocked: boolean, by: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO repair_setting (workspace_id, betrayal_unlocked, set_by) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id) DO UPDATE SET betrayal_unlocked = EXCLUDED.betrayal_unlocked, set_by = EXCLUDED.set_by, set_at = now()`,
      [workspaceId, unlocked, by],
    );
  }

  /** A new open repair; false when the workspace already has one open (one at a time). */
  async insert(id: string, workspaceId: string, startedBy: string, state: RepairState): Promise<boolean> {
    const sealed = await this.cipher.encryptText(workspaceId, JSON.stringify(state), sealedAt.state(id));
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO repair (id, workspace_id, kind, status, step, state, started_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (workspace_id) WHERE status = 'open' DO NOTHING RETURNING id`,
      [id, workspaceId, state.kind, state.status, state.step, sealed, startedBy],
    );
    return rows.length > 0;
  }

  async find(id: string, tx?: Tx): Promise<RepairRow | null> {
    const rows = await (tx ?? this.dataSource.manager).query(`SELECT ${COLUMNS} FROM repair WHERE id = $1 ${tx ? 'FOR UPDATE' : ''}`, [id]);
    return (await this.open(rows, tx))[0] ?? null;
  }

  /** Where a repair lives, without opening its state. */
  async workspaceOf(id: string): Promise<string | null> {
    const rows: { workspace_id: string }[] = await this.dataSource.query(`SELECT workspace_id FROM repair WHERE id = $1`, [id]);
    return rows[0]?.workspace_id ?? null;
  }

  /** The open repair, or else the latest one finished (so both can still read it and keep their one thing); null when neither. */
  async current(workspaceId: string): Promise<RepairRow | null> {
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM repair WHERE workspace_id = $1 AND status <> 'closed' ORDER BY (status = 'open') DESC, started_at DESC, id LIMIT 1`,
      [workspaceId],
    );
    return (await this.open(rows))[0] ?? null;
  }

  /** The workspace's finished or set-aside repairs, newest first (their state stays sealed). */
  async past(workspaceId: string): Promise<{ id: string; kind: RepairKind; status: RepairStatus; step: RepairStep; startedAt: Date; updatedAt: Date }[]> {
    return this.dataSource.query(
      `SELECT id, kind, status, step, started_at AS "startedAt", updated_at AS "updatedAt" FROM repair
        WHERE workspace_id = $1 AND status <> 'open' ORDER BY started_at DESC, id`,
      [workspaceId],
    );
  }

  /** Every repair of the workspace, open, finished or set aside, newest first, their state opened (for a records download). */
  async all(workspaceId: string): Promise<RepairRow[]> {
    const rows = await this.dataSource.query(`SELECT ${COLUMNS} FROM repair WHERE workspace_id = $1 ORDER BY started_at DESC, id`, [workspaceId]);
    return this.open(rows);
  }

  /** Writes the repair's new state (inside the transaction that read it FOR UPDATE) and bumps its version. */
  async save(row: RepairRow, state: RepairState, tx: Tx): Promise<number> {
    const sealed = await this.cipher.encryptText(row.workspaceId, JSON.stringify(state), sealedAt.state(row.id), tx);
    const rows: { version: number }[] = await tx.query(
      `UPDATE repair SET state = $2, status = $3, step = $4, version = version + 1, updated_at = now() WHERE id = $1 RETURNING version`,
      [row.id, sealed, state.status, state.step],
    );
    return rows[0]!.version;
  }

  async draft(repairId: string, workspaceId: string, accountId: string): Promise<Apology | null> {
    const rows: { draft: string }[] = await this.dataSource.query(`SELECT draft FROM repair_apology_draft WHERE repair_id = $1 AND account_id = $2`, [repairId, accountId]);
    return rows[0] ? JSON.parse(await this.cipher.decryptText(workspaceId, rows[0].draft, sealedAt.draft(repairId, accountId))) as Apology : null;
  }

  async saveDraft(repairId: string, workspaceId: string, accountId: string, apology: Apology): Promise<void> {
    const sealed = await this.cipher.encryptText(workspaceId, JSON.stringify(apology), sealedAt.draft(repairId, accountId));
    await this.dataSource.query(
      `INSERT INTO repair_apology_draft (repair_id, account_id, draft) VALUES ($1, $2, $3)
       ON CONFLICT (repair_id, account_id) DO UPDATE SET draft = EXCLUDED.draft`,
      [repairId, accountId, sealed],
    );
  }

  async dropDraft(repairId: string, accountId: string, tx: Tx): Promise<void> {
    await tx.query(`DELETE FROM repair_apology_draft WHERE repair_id = $1 AND account_id = $2`, [repairId, accountId]);
  }
}
