import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DocumentKind, Role } from '@kinship/domain/rules';
import type { FloorTurnRecord, LiveSessionSummaryView, SessionRecordView, TimeOutRecord } from '@kinship/domain/wire';
import {
  LiveSessionEntity,
  LiveSessionMirrorEntity,
  LiveSessionObservationEntity,
  LiveSessionParticipantEntity,
  LiveSessionTimeOutEntity,
  LiveSessionTurnEntity,
} from './live-session.entities';
import type { Tx } from '../database/transactions';
import { ContentCipher, contexts } from '../encryption/content-cipher';
import type { LiveSessionState, RecordWrite } from './live-session.transitions';

/** A live session's row as the repository hands it out (its words opened). */
export type LiveSessionRecord = LiveSessionEntity;

/** A workspace member as the live session sees them. */
export interface WorkspaceMember {
  accountId: string;
  name: string;
  role: Role;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Live sessions, their state and their record. */
@Injectable()
export class LiveSessionsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: ContentCipher,
  ) {}

  private manager(tx?: Tx) {
    return tx ?? this.dataSource.manager;
  }

  /**
   * What people said, kept encrypted inside the state (the mirror waiting for the speaker, the
   * speaker's clarification); the rest of the state (locks, pause, floor holder, timer) stays
   * readable to the database.
   */
  private async sealState(workspaceId: string, state: LiveSessionState, tx?: Tx): Promise<LiveSessionState> {
    const seal = (text: string, context: string) => this.cipher.encryptText(workspaceId, text, context, tx);
    const timeOuts = [];
    for (const t of state.timeOuts) timeOuts.push(t.answer === null ? t : { ...t, answer: await seal(t.answer, contexts.timeOutAnswer(t.id)) });
    const floor = state.floor;
    if (!floor) return { ...state, timeOuts };
    return {
      ...state,
      timeOuts,
      floor: {
        ...floor,
        mirror: floor.mirror && { ...floor.mirror, text: await seal(floor.mirror.text, contexts.floorMirror(floor.turnId)) },
        clarification: floor.clarification === null ? null : await seal(floor.clarification, contexts.floorClarification(floor.turnId)),
      },
    };
  }

  /** A session's row as read: its state's words and its summary decrypted. */
  private async opened(row: LiveSessionEntity | null, tx?: Tx): Promise<LiveSessionEntity | null> {
    if (!row) return row;
    const open = (text: string, context: string) => this.cipher.decryptText(row.workspaceId, text, context, tx);
    const floor = row.state.floor;
    if (floor?.mirror) floor.mirror.text = await open(floor.mirror.text, contexts.floorMirror(floor.turnId));
    if (floor && floor.clarification !== null) floor.clarification = await open(floor.clarification, contexts.floorClarification(floor.turnId));
    if (row.summary !== null) row.summary = await open(row.summary, contexts.sessionSummary(row.id));
    for (const t of row.state.timeOuts ?? []) if (t.answer !== null) t.answer = await open(t.answer, contexts.timeOutAnswer(t.id));
    return row;
  }

  async findById(id: string): Promise<LiveSessionEntity | null> {
    return this.opened(await this.dataSource.manager.findOneBy(LiveSessionEntity, { id }));
  }

  /** The session's row, locked until the transaction ends: changes to one session are serialized across processes. */
  async lockForChange(tx: Tx, id: string): Promise<LiveSessionEntity | null> {
    return this.opened(await tx.getRepository(LiveSessionEntity).createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id', { id }).getOne(), tx);
  }

  /** The workspace's most recent word on its sessions (live or ended), by version; null when it never had one. */
  async latestOfWorkspace(workspaceId: string): Promise<LiveSessionEntity | null> {
    return this.opened(await this.dataSource.manager.findOne(LiveSessionEntity, { where: { workspaceId }, order: { version: 'DESC' } }));
  }

  /**
   * For each of these workspaces that ever had a session, the version of its latest change; and
   * for every other workspace with a live session, that session's version. One round trip, each
   * half on its index.
   */
  async latestVersionsAndLive(workspaceIds: string[]): Promise<Map<string, number>> {
    const rows: { workspace_id: string; version: string }[] = await this.dataSource.query(
      `(SELECT DISTINCT ON (workspace_id) workspace_id, version FROM live_session WHERE workspace_id = ANY($1::uuid[]) ORDER BY workspace_id, version DESC)
       UNION ALL
       (SELECT workspace_id, version FROM live_session WHERE ended_at IS NULL AND NOT (workspace_id = ANY($1::uuid[])))`,
      [workspaceIds],
    );
    return new Map(rows.map((r) => [r.workspace_id, Number(r.version)]));
  }

  async hasLiveSession(tx: Tx, workspaceId: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(`SELECT 1 FROM live_session WHERE workspace_id = $1 AND ended_at IS NULL`, [workspaceId]);
    return rows.length > 0;
  }

  /** A new live session; its version is drawn from the sequence. */
  async insert(tx: Tx, row: Pick<LiveSessionEntity, 'workspaceId' | 'startedBy' | 'startedAt' | 'dialogueDocumentId' | 'state'>): Promise<LiveSessionEntity> {
    const [inserted]: { id: string; version: string }[] = await tx.query(
      `INSERT INTO live_session (workspace_id, started_by, started_at, dialogue_document_id, state) VALUES ($1, $2, $3, $4, $5) RETURNING id, version`,
      [row.workspaceId, row.startedBy, row.startedAt, row.dialogueDocumentId, JSON.stringify(await this.sealState(row.workspaceId, row.state, tx))],
    );
    return Object.assign(new LiveSessionEntity(), { ...row, id: inserted!.id, endedAt: null, version: Number(inserted!.version), summary: null, summaryUpdatedAt: null });
  }

  /** Writes the session's new state (and its end, when it ends) with a new version; returns that version. */
  async saveState(tx: Tx, id: string, state: LiveSessionState, endedAt: Date | null): Promise<number> {
    const sealed = await this.sealState(await this.workspaceOfSession(id, tx), state, tx);
    const result = await tx
      .createQueryBuilder()
      .update(LiveSessionEntity)
      .set({ state: sealed, version: () => `nextval('live_session_version_seq')`, ...(endedAt ? { endedAt } : {}) })
      .where('id = :id', { id })
      .returning('version')
      .execute();
    const version = Number((result.raw as { version: string }[])[0]?.version);
    if (!Number.isSafeInteger(version)) throw new Error(`saving live session ${id} returned no version`);
    return version;
  }

  private readonly sessionWorkspace = new Map<string, string>();

  /** The session's workspace, whose key seals what people said in it (sessions never move). */
  private async workspaceOfSession(sessionId: string, tx?: Tx): Promise<string> {
    let workspaceId = this.sessionWorkspace.get(sessionId);
    if (!workspaceId) {
      const rows: { workspace_id: string }[] = await (tx ?? this.dataSource).query(`SELECT workspace_id FROM live_session WHERE id = $1`, [sessionId]);
      if (!rows[0]) throw new Error(`Live session ${sessionId} was not found`);
      workspaceId = rows[0].workspace_id;
      if (this.sessionWorkspace.size > 10_000) this.sessionWorkspace.clear();
      this.sessionWorkspace.set(sessionId, workspaceId);
    }
    return workspaceId;
  }

  /** Adds what a transition gives the session record, in the transaction that saves the state. */
  async applyWrites(tx: Tx, sessionId: string, writes: RecordWrite[], now: Date): Promise<void> {
    const seal = async (text: string, context: string) => this.cipher.encryptText(await this.workspaceOfSession(sessionId, tx), text, context, tx);
    for (const w of writes) {
      switch (w.kind) {
        case 'participant':
          await tx.query(
            `INSERT INTO live_session_participant (session_id, account_id, role, joined_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
            [sessionId, w.accountId, w.role, now],
          );
          break;
        case 'turn-started':
          await tx.insert(LiveSessionTurnEntity, { id: w.turnId, sessionId, speakerId: w.speakerId, listenerId: w.listenerId, startedAt: now, endedAt: null });
          break;
        case 'turn-ended':
          await tx.query(`UPDATE live_session_turn SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL`, [w.turnId, now]);
          break;
        case 'mirror-submitted':
          await tx.insert(LiveSessionMirrorEntity, {
            id: w.mirrorId,
            turnId: w.turnId,
            listenerId: w.listenerId,
            text: await seal(w.text, contexts.mirrorText(w.mirrorId)),
            status: 'pending',
            clarification: null,
            submittedAt: now,
            answeredAt: null,
          });
          break;
        case 'mirror-answered':
          await tx.update(LiveSessionMirrorEntity, { id: w.mirrorId }, {
            status: w.status,
            clarification: w.clarification === null ? null : await seal(w.clarification, contexts.mirrorClarification(w.mirrorId)),
            answeredAt: now,
          });
          break;
        case 'time-out-requested':
          await tx.insert(LiveSessionTimeOutEntity, { id: w.timeOutId, sessionId, accountId: w.accountId, requestedAt: now, status: 'open', answer: null, answeredAt: null });
          break;
        case 'time-out-answered':
          await tx.update(LiveSessionTimeOutEntity, { id: w.timeOutId }, {
            status: w.status,
            answer: w.answer === null ? null : await seal(w.answer, contexts.timeOutAnswer(w.timeOutId)),
            answeredAt: now,
          });
          break;
      }
    }
  }

  /** Someone edited a document while the session was live; kept once per document and editor. */
  async recordEdit(sessionId: string, documentId: string, accountId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO live_session_document (session_id, document_id, account_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [sessionId, documentId, accountId],
    );
  }

  /** The workspace's members, in the order they joined. */
  async membersOf(workspaceId: string, tx?: Tx): Promise<WorkspaceMember[]> {
    const rows: { account_id: string; display_name: string; role: Role }[] = await this.manager(tx).query(
      `SELECT m.account_id, a.display_name, m.role FROM membership m JOIN account a ON a.id = m.account_id WHERE m.workspace_id = $1 ORDER BY m.joined_at, m.account_id`,
      [workspaceId],
    );
    return rows.map((r) => ({ accountId: r.account_id, name: r.display_name, role: r.role }));
  }

  /** Of these (account, workspace) pairs, those where the account is still a member. One query. */
  async stillMembers(pairs: { accountId: string; workspaceId: string }[]): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows: { account_id: string; workspace_id: string }[] = await this.dataSource.query(
      `SELECT m.account_id, m.workspace_id FROM unnest($1::uuid[], $2::uuid[]) AS p(account_id, workspace_id)
         JOIN membership m ON m.account_id = p.account_id AND m.workspace_id = p.workspace_id`,
      [pairs.map((p) => p.accountId), pairs.map((p) => p.workspaceId)],
    );
    return new Set(rows.map((r) => `${r.account_id} ${r.workspace_id}`));
  }

  // ---- The record ----

  /** The workspace's sessions, newest first; with `attendedBy`, only those that account joined. */
  async listForWorkspace(workspaceId: string, attendedBy: string | null): Promise<LiveSessionSummaryView[]> {
    const rows: { id: string; started_at: Date; ended_at: Date | null; participant_ids: string[] }[] = await this.dataSource.query(
      `SELECT s.id, s.started_at, s.ended_at,
              COALESCE((SELECT array_agg(p.account_id ORDER BY p.joined_at) FROM live_session_participant p WHERE p.session_id = s.id), '{}') AS participant_ids
         FROM live_session s
        WHERE s.workspace_id = $1
          AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM live_session_participant p WHERE p.session_id = s.id AND p.account_id = $2))
        ORDER BY s.started_at DESC`,
      [workspaceId, attendedBy],
    );
    return rows.map((r) => ({ id: r.id, startedAt: iso(r.started_at)!, endedAt: iso(r.ended_at), participantIds: r.participant_ids }));
  }

  hasJoined(sessionId: string, accountId: string): Promise<boolean> {
    return this.dataSource.manager.existsBy(LiveSessionParticipantEntity, { sessionId, accountId });
  }

  async participants(sessionId: string): Promise<SessionRecordView['participants']> {
    const rows: { account_id: string; display_name: string; role: Role; joined_at: Date }[] = await this.dataSource.query(
      `SELECT p.account_id, a.display_name, p.role, p.joined_at FROM live_session_participant p JOIN account a ON a.id = p.account_id
        WHERE p.session_id = $1 ORDER BY p.joined_at, p.account_id`,
      [sessionId],
    );
    return rows.map((r) => ({ accountId: r.account_id, name: r.display_name, role: r.role, joinedAt: iso(r.joined_at)! }));
  }

  async turns(sessionId: string): Promise<FloorTurnRecord[]> {
    const turns = await this.dataSource.manager.find(LiveSessionTurnEntity, { where: { sessionId }, order: { startedAt: 'ASC' } });
    if (turns.length === 0) return [];
    const mirrors: LiveSessionMirrorEntity[] = await this.dataSource.manager
      .getRepository(LiveSessionMirrorEntity)
      .createQueryBuilder('m')
      .where('m.turn_id IN (:...ids)', { ids: turns.map((t) => t.id) })
      .orderBy('m.submitted_at', 'ASC')
      .getMany();
    const workspaceId = await this.workspaceOfSession(sessionId);
    for (const m of mirrors) {
      m.text = await this.cipher.decryptText(workspaceId, m.text, contexts.mirrorText(m.id));
      if (m.clarification !== null) m.clarification = await this.cipher.decryptText(workspaceId, m.clarification, contexts.mirrorClarification(m.id));
    }
    return turns.map((t) => ({
      turnId: t.id,
      speakerId: t.speakerId,
      listenerId: t.listenerId,
      startedAt: iso(t.startedAt)!,
      endedAt: iso(t.endedAt),
      mirrors: mirrors
        .filter((m) => m.turnId === t.id)
        .map((m) => ({ id: m.id, text: m.text, submittedAt: iso(m.submittedAt)!, status: m.status, clarification: m.clarification, answeredAt: iso(m.answeredAt) })),
    }));
  }

  /** The session's time-outs; with `askedBy`, only that account's own. */
  async timeOuts(sessionId: string, askedBy: string | null): Promise<TimeOutRecord[]> {
    const rows = await this.dataSource.manager.find(LiveSessionTimeOutEntity, {
      where: askedBy ? { sessionId, accountId: askedBy } : { sessionId },
      order: { requestedAt: 'ASC' },
    });
    const workspaceId = rows.length > 0 ? await this.workspaceOfSession(sessionId) : '';
    for (const t of rows) if (t.answer !== null) t.answer = await this.cipher.decryptText(workspaceId, t.answer, contexts.timeOutAnswer(t.id));
    return rows.map((t) => ({ id: t.id, accountId: t.accountId, at: iso(t.requestedAt)!, status: t.status, answer: t.answer, answeredAt: iso(t.answeredAt) }));
  }

  /** Documents edited during the session, of these kinds only (the others are never read), and by whom. */
  async documentsChanged(sessionId: string, kinds: DocumentKind[]): Promise<SessionRecordView['documentsChanged']> {
    const rows: { document_id: string; title: string; kind: DocumentKind; editor_ids: string[] }[] = await this.dataSource.query(
      `SELECT d.id AS document_id, d.title, d.kind, array_agg(c.account_id ORDER BY c.first_edited_at, c.account_id) AS editor_ids
         FROM live_session_document c JOIN document d ON d.id = c.document_id
        WHERE c.session_id = $1 AND d.kind = ANY($2::text[])
        GROUP BY d.id, d.title, d.kind
        ORDER BY min(c.first_edited_at), d.id`,
      [sessionId, kinds],
    );
    const opened = [];
    for (const r of rows) {
      // A counselor's private notes keep their title encrypted.
      const title = r.kind === 'counselor-notes' ? await this.cipher.decryptText(await this.cipher.workspaceOf(r.document_id), r.title, contexts.documentTitle(r.document_id)) : r.title;
      opened.push({ documentId: r.document_id, title, kind: r.kind, editorIds: r.editor_ids });
    }
    return opened;
  }

  async saveSummary(sessionId: string, summary: string, at: Date): Promise<void> {
    const sealed = await this.cipher.encryptText(await this.workspaceOfSession(sessionId), summary, contexts.sessionSummary(sessionId));
    await this.dataSource.manager.update(LiveSessionEntity, { id: sessionId }, { summary: sealed, summaryUpdatedAt: at });
  }

  /** The counselor's private observations: called only on the counselor's path. */
  async observations(sessionId: string): Promise<LiveSessionObservationEntity | null> {
    const row = await this.dataSource.manager.findOneBy(LiveSessionObservationEntity, { sessionId });
    if (row) row.text = await this.cipher.decryptText(await this.workspaceOfSession(sessionId), row.text, contexts.observations(sessionId));
    return row;
  }

  async saveObservations(sessionId: string, text: string, by: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO live_session_observation (session_id, text, updated_by, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (session_id) DO UPDATE SET text = EXCLUDED.text, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [sessionId, await this.cipher.encryptText(await this.workspaceOfSession(sessionId), text, contexts.observations(sessionId)), by, at],
    );
  }
}
