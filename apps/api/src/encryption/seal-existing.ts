import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { ContentCipher, contexts, SEALED_TEXT_PREFIX } from './content-cipher';
import { WRAPPED_TEXT_PREFIX } from './key-ring';

const BATCH = 500;

/**
 * Rows kept before encryption, sealed once: each kind in its own transaction, recorded in
 * `content_sealing` in the same transaction, so a crash half-way seals that kind again from the
 * start (its rows were rolled back) and a sealed kind is never sealed twice. Yjs bytes cannot be
 * told from an envelope by looking, hence the record; text and JSON carry their prefix.
 */
export async function sealExistingContent(dataSource: DataSource, cipher: ContentCipher): Promise<void> {
  const logger = new Logger('Encryption');
  const jobs: [string, (tx: EntityManager) => Promise<number>][] = [
    ['document_update.data', (tx) => sealDocumentBytes(tx, cipher, 'document_update', 'id', 'data', 'bigint')],
    ['document_snapshot.state', (tx) => sealDocumentBytes(tx, cipher, 'document_snapshot', 'document_id', 'state', 'uuid')],
    ['document_history_base.state', (tx) => sealDocumentBytes(tx, cipher, 'document_history_base', 'document_id', 'state', 'uuid')],
    ['document_quarantine.data', (tx) => sealDocumentBytes(tx, cipher, 'document_quarantine', 'id', 'data', 'bigint')],
    ['agreement_version', (tx) => sealVersions(tx, cipher)],
    ['agreement_proposal.base_items', (tx) => sealBaseItems(tx, cipher)],
    ['proposal_decision.items', (tx) => sealDecisionItems(tx, cipher)],
    ['proposal_conflict', (tx) => sealConflicts(tx, cipher)],
    ['document.title:counselor-notes', (tx) => sealCounselorNoteTitles(tx, cipher)],
    ['proposal_comment.text', (tx) => sealTexts(tx, cipher, `SELECT c.id, d.workspace_id, c.text FROM proposal_comment c JOIN document d ON d.id = c.proposal_id`, 'proposal_comment', 'text', contexts.proposalComment)],
    ['live_session_mirror.text', (tx) => sealTexts(tx, cipher, `SELECT m.id, s.workspace_id, m.text FROM live_session_mirror m JOIN live_session_turn t ON t.id = m.turn_id JOIN live_session s ON s.id = t.session_id`, 'live_session_mirror', 'text', contexts.mirrorText)],
    ['live_session_mirror.clarification', (tx) => sealTexts(tx, cipher, `SELECT m.id, s.workspace_id, m.clarification AS text FROM live_session_mirror m JOIN live_session_turn t ON t.id = m.turn_id JOIN live_session s ON s.id = t.session_id WHERE m.clarification IS NOT NULL`, 'live_session_mirror', 'clarification', contexts.mirrorClarification)],
    ['live_session.summary', (tx) => sealTexts(tx, cipher, `SELECT id, workspace_id, summary AS text FROM live_session WHERE summary IS NOT NULL`, 'live_session', 'summary', contexts.sessionSummary)],
    ['live_session.state:floor', (tx) => sealFloorWords(tx, cipher)],
    ['live_session.state:time-outs', (tx) => sealTimeOutAnswers(tx, cipher)],
    ['live_session_time_out.answer', (tx) => sealTexts(tx, cipher, `SELECT t.id, s.workspace_id, t.answer AS text FROM live_session_time_out t JOIN live_session s ON s.id = t.session_id WHERE t.answer IS NOT NULL`, 'live_session_time_out', 'answer', contexts.timeOutAnswer)],
    ['proposal_decision.reason', (tx) => sealTexts(tx, cipher, `SELECT x.id, d.workspace_id, x.reason AS text FROM proposal_decision x JOIN document d ON d.id = x.proposal_id WHERE x.reason IS NOT NULL`, 'proposal_decision', 'reason', contexts.decisionReason)],
    ['proposal_decision.withdrawn_reason', (tx) => sealTexts(tx, cipher, `SELECT x.id, d.workspace_id, x.withdrawn_reason AS text FROM proposal_decision x JOIN document d ON d.id = x.proposal_id WHERE x.withdrawn_reason IS NOT NULL`, 'proposal_decision', 'withdrawn_reason', contexts.withdrawnReason)],
    ['agreement_proposal.closed_reason', (tx) => sealTexts(tx, cipher, `SELECT p.document_id AS id, d.workspace_id, p.closed_reason AS text FROM agreement_proposal p JOIN document d ON d.id = p.document_id WHERE p.closed_reason IS NOT NULL`, 'agreement_proposal', 'closed_reason', contexts.closedReason, 'document_id')],
    ['live_session_observation.text', (tx) => sealTexts(tx, cipher, `SELECT o.session_id AS id, s.workspace_id, o.text FROM live_session_observation o JOIN live_session s ON s.id = o.session_id`, 'live_session_observation', 'text', contexts.observations, 'session_id')],
    ['account_totp.secret', (tx) => wrapTotpSecrets(tx, cipher)],
  ];
  const done = new Set(((await dataSource.query(`SELECT name FROM content_sealing`)) as { name: string }[]).map((r) => r.name));
  for (const [name, job] of jobs) {
    if (done.has(name)) continue;
    const sealed = await dataSource.transaction(async (tx) => {
      const rows = await tx.query(`INSERT INTO content_sealing (name) VALUES ($1) ON CONFLICT DO NOTHING RETURNING name`, [name]);
      return rows.length === 0 ? 0 : job(tx);
    });
    if (sealed > 0) logger.log(`Encrypted ${sealed} rows kept before encryption (${name})`);
  }
}

async function sealDocumentBytes(tx: EntityManager, cipher: ContentCipher, table: string, key: string, column: string, keyType: 'bigint' | 'uuid'): Promise<number> {
  let after: string | null = null;
  let count = 0;
  for (;;) {
    const rows: { k: string; document_id: string; v: Buffer }[] = await tx.query(
      `SELECT ${key}::text AS k, document_id, ${column} AS v FROM ${table} WHERE $1::${keyType} IS NULL OR ${key} > $1::${keyType} ORDER BY ${key} LIMIT ${BATCH}`,
      [after],
    );
    if (rows.length === 0) return count;
    const sealed = await cipher.sealDocuments(rows.map((r) => ({ documentId: r.document_id, data: r.v })), tx);
    await tx.query(`UPDATE ${table} t SET ${column} = s.v FROM unnest($1::${keyType}[], $2::bytea[]) AS s(k, v) WHERE t.${key} = s.k`, [rows.map((r) => r.k), sealed]);
    count += rows.length;
    after = rows[rows.length - 1]!.k;
  }
}

async function sealVersions(tx: EntityManager, cipher: ContentCipher): Promise<number> {
  const rows: { agreement_id: string; number: number; state: Buffer; items: unknown }[] = await tx.query(`SELECT agreement_id, number, state, items FROM agreement_version`);
  if (rows.length === 0) return 0;
  // A version in force is immutable to the application; sealing it in place is the one exception.
  await tx.query(`ALTER TABLE agreement_version DISABLE TRIGGER agreement_version_no_update`);
  for (const r of rows) {
    const workspaceId = await cipher.workspaceOf(r.agreement_id, tx);
    await tx.query(`UPDATE agreement_version SET state = $3, items = $4::jsonb WHERE agreement_id = $1 AND number = $2`, [
      r.agreement_id,
      r.number,
      await cipher.encrypt(workspaceId, r.state, contexts.agreementVersionState(r.agreement_id, r.number), tx),
      await cipher.encryptJson(workspaceId, r.items, contexts.agreementVersionItems(r.agreement_id, r.number), tx),
    ]);
  }
  await tx.query(`ALTER TABLE agreement_version ENABLE TRIGGER agreement_version_no_update`);
  return rows.length;
}

async function sealBaseItems(tx: EntityManager, cipher: ContentCipher): Promise<number> {
  const rows: { document_id: string; base_items: unknown }[] = await tx.query(`SELECT document_id, base_items FROM agreement_proposal WHERE jsonb_typeof(base_items) <> 'string'`);
  for (const r of rows) {
    const workspaceId = await cipher.workspaceOf(r.document_id, tx);
    await tx.query(`UPDATE agreement_proposal SET base_items = $2::jsonb WHERE document_id = $1`, [
      r.document_id,
      await cipher.encryptJson(workspaceId, r.base_items, contexts.proposalBaseItems(r.document_id), tx),
    ]);
  }
  return rows.length;
}

async function sealDecisionItems(tx: EntityManager, cipher: ContentCipher): Promise<number> {
  const rows: { id: string; proposal_id: string; items: unknown }[] = await tx.query(`SELECT id, proposal_id, items FROM proposal_decision WHERE jsonb_typeof(items) = 'array'`);
  for (const r of rows) {
    const workspaceId = await cipher.workspaceOf(r.proposal_id, tx);
    await tx.query(`UPDATE proposal_decision SET items = $2::jsonb WHERE id = $1`, [r.id, await cipher.encryptJson(workspaceId, r.items, contexts.decisionItems(r.id), tx)]);
  }
  return rows.length;
}

/** Text kept in the clear before encryption (`select` gives id, workspace_id and text), sealed in place. */
async function sealTexts(tx: EntityManager, cipher: ContentCipher, select: string, table: string, column: string, context: (id: string) => string, key = 'id'): Promise<number> {
  const rows: { id: string; workspace_id: string; text: string }[] = await tx.query(select);
  let count = 0;
  for (const r of rows) {
    if (r.text.startsWith(SEALED_TEXT_PREFIX)) continue;
    await tx.query(`UPDATE ${table} SET ${column} = $2 WHERE ${key} = $1`, [r.id, await cipher.encryptText(r.workspace_id, r.text, context(r.id), tx)]);
    count++;
  }
  return count;
}

/** The words in a session's floor state (the waiting mirror, the last clarification). */
async function sealFloorWords(tx: EntityManager, cipher: ContentCipher): Promise<number> {
  type Floor = { turnId: string; mirror: { text: string } | null; clarification: string | null };
  const rows: { id: string; workspace_id: string; floor: Floor }[] = await tx.query(
    `SELECT id, workspace_id, state->'floor' AS floor FROM live_session WHERE jsonb_typeof(state->'floor') = 'object'`,
  );
  const seal = (workspaceId: string, text: string, context: string) =>
    text.startsWith(SEALED_TEXT_PREFIX) ? Promise.resolve(text) : cipher.encryptText(workspaceId, text, context, tx);
  for (const r of rows) {
    const floor = r.floor;
    if (floor.mirror) floor.mirror.text = await seal(r.workspace_id, floor.mirror.text, contexts.floorMirror(floor.turnId));
    if (floor.clarification !== null) floor.clarification = await seal(r.workspace_id, floor.clarification, contexts.floorClarification(floor.turnId));
    await tx.query(`UPDATE live_session SET state = jsonb_set(state, '{floor}', $2::jsonb) WHERE id = $1`, [r.id, JSON.stringify(floor)]);
  }
  return rows.length;
}

async function sealConflicts(tx: EntityManager, cipher: ContentCipher): Promise<number> {
  const rows: { proposal_id: string; item_id: string; workspace_id: string; title: string; merged_item: unknown }[] = await tx.query(
    `SELECT c.proposal_id, c.item_id, d.workspace_id, c.title, c.merged_item FROM proposal_conflict c JOIN document d ON d.id = c.proposal_id
      WHERE NOT starts_with(c.title, $1)`,
    [SEALED_TEXT_PREFIX],
  );
  for (const r of rows) {
    await tx.query(`UPDATE proposal_conflict SET title = $3, merged_item = $4::jsonb WHERE proposal_id = $1 AND item_id = $2`, [
      r.proposal_id,
      r.item_id,
      await cipher.encryptText(r.workspace_id, r.title, contexts.conflictTitle(r.proposal_id, r.item_id), tx),
      r.merged_item === null ? null : await cipher.encryptJson(r.workspace_id, r.merged_item, contexts.conflictItem(r.proposal_id, r.item_id), tx),
    ]);
  }
  return rows.length;
}

/** The counselor's answers to time-out requests, as kept in a session's state. */
async function sealTimeOutAnswers(tx: EntityManager, cipher: ContentCipher): Promise<number> {
  type TimeOut = { id: string; answer: string | null };
  const rows: { id: string; workspace_id: string; time_outs: TimeOut[] }[] = await tx.query(
    `SELECT id, workspace_id, state->'timeOuts' AS time_outs FROM live_session WHERE jsonb_typeof(state->'timeOuts') = 'array' AND jsonb_array_length(state->'timeOuts') > 0`,
  );
  for (const r of rows) {
    for (const t of r.time_outs) {
      if (t.answer !== null && !t.answer.startsWith(SEALED_TEXT_PREFIX)) t.answer = await cipher.encryptText(r.workspace_id, t.answer, contexts.timeOutAnswer(t.id), tx);
    }
    await tx.query(`UPDATE live_session SET state = jsonb_set(state, '{timeOuts}', $2::jsonb) WHERE id = $1`, [r.id, JSON.stringify(r.time_outs)]);
  }
  return rows.length;
}

async function sealCounselorNoteTitles(tx: EntityManager, cipher: ContentCipher): Promise<number> {
  const titles: { id: string; workspace_id: string; title: string }[] = await tx.query(
    `SELECT id, workspace_id, title FROM document WHERE kind = 'counselor-notes' AND NOT starts_with(title, $1)`,
    [SEALED_TEXT_PREFIX],
  );
  for (const d of titles) {
    await tx.query(`UPDATE document SET title = $2 WHERE id = $1`, [d.id, await cipher.encryptText(d.workspace_id, d.title, contexts.documentTitle(d.id), tx)]);
  }
  const activity: { id: string; document_id: string; workspace_id: string; old_title: string | null; new_title: string | null }[] = await tx.query(
    `SELECT a.id::text AS id, a.document_id, d.workspace_id, a.old_title, a.new_title
       FROM document_activity a JOIN document d ON d.id = a.document_id WHERE d.kind = 'counselor-notes'`,
  );
  const seal = async (workspaceId: string, documentId: string, title: string | null) =>
    title === null || title.startsWith(SEALED_TEXT_PREFIX) ? title : cipher.encryptText(workspaceId, title, contexts.documentTitle(documentId), tx);
  for (const a of activity) {
    await tx.query(`UPDATE document_activity SET old_title = $2, new_title = $3 WHERE id = $1`, [
      a.id,
      await seal(a.workspace_id, a.document_id, a.old_title),
      await seal(a.workspace_id, a.document_id, a.new_title),
    ]);
  }
  return titles.length + activity.length;
}

/** TOTP secrets kept before they were wrapped: wrapped under the key-encryption key. */
async function wrapTotpSecrets(tx: EntityManager, cipher: ContentCipher): Promise<number> {
  const rows: { account_id: string; secret: string }[] = await tx.query(`SELECT account_id, secret FROM account_totp WHERE secret NOT LIKE $1`, [`${WRAPPED_TEXT_PREFIX}%`]);
  for (const r of rows) {
    await tx.query(`UPDATE account_totp SET secret = $2 WHERE account_id = $1`, [r.account_id, cipher.ring.wrapText(r.secret, contexts.totpSecret(r.account_id))]);
  }
  return rows.length;
}
