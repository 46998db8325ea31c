import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/**
 * Where the cipher reads documents and data keys: the pool, or the caller's transaction (PGlite runs
 * one transaction at a time, so a query on another connection would wait for it for ever).
 */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}
import { envelopeKeyId, EnvelopeError, open, seal } from './envelope';
import { KEY_BYTES } from '../config/key-list';
import { KeyRing } from './key-ring';

/** Text and JSON kept encrypted in a text or jsonb column: this prefix, then the envelope in base64. */
export const SEALED_TEXT_PREFIX = 'ksealed1:';

/** Where a value belongs (its associated data): a value moved to another row does not decrypt there. */
export const contexts = {
  /** A document's Yjs content: its updates, snapshot, history base and quarantined pieces. */
  documentContent: (documentId: string) => `document-content:${documentId}`,
  documentTitle: (documentId: string) => `document-title:${documentId}`,
  /** The start of what an edit added, as a document's history lists it (its checkpoints are documentContent). */
  historySnippet: (documentId: string, editId: string) => `document-history:${documentId}:${editId}:snippet`,
  agreementVersionState: (agreementId: string, number: number) => `agreement-version:${agreementId}:${number}:state`,
  agreementVersionItems: (agreementId: string, number: number) => `agreement-version:${agreementId}:${number}:items`,
  proposalBaseItems: (proposalId: string) => `agreement-proposal:${proposalId}:base-items`,
  decisionItems: (decisionId: string) => `proposal-decision:${decisionId}:items`,
  proposalComment: (commentId: string) => `proposal-comment:${commentId}`,
  decisionReason: (decisionId: string) => `proposal-decision:${decisionId}:reason`,
  withdrawnReason: (decisionId: string) => `proposal-decision:${decisionId}:withdrawn-reason`,
  closedReason: (proposalId: string) => `agreement-proposal:${proposalId}:closed-reason`,
  timeOutAnswer: (timeOutId: string) => `live-session-time-out:${timeOutId}:answer`,
  conflictTitle: (proposalId: string, itemId: string) => `proposal-conflict:${proposalId}:${itemId}:title`,
  conflictItem: (proposalId: string, itemId: string) => `proposal-conflict:${proposalId}:${itemId}:merged-item`,
  mirrorText: (mirrorId: string) => `live-session-mirror:${mirrorId}:text`,
  mirrorClarification: (mirrorId: string) => `live-session-mirror:${mirrorId}:clarification`,
  observations: (sessionId: string) => `live-session-observation:${sessionId}`,
  floorMirror: (turnId: string) => `live-session-floor:${turnId}:mirror`,
  floorClarification: (turnId: string) => `live-session-floor:${turnId}:clarification`,
  sessionSummary: (sessionId: string) => `live-session-summary:${sessionId}`,
  workspaceKey: (workspaceId: string, keyId: number) => `workspace-key:${workspaceId}:${keyId}`,
  /** Wrapped under the key-encryption key itself (an account belongs to no workspace). */
  totpSecret: (accountId: string) => `account-totp:${accountId}:secret`,
};

/**
 * Content for a document that does not exist (deleted meanwhile): the error a row naming it would
 * raise (foreign key violation), so a batch that holds it fails only that row.
 */
export class UnknownDocument extends Error {
  readonly code = '23503';
  constructor(documentId: string) {
    super(`Document ${documentId} was not found (its content cannot be encrypted or read)`);
  }
}

interface WorkspaceKeys {
  current: { id: number; key: Buffer };
  byId: Map<number, Buffer>;
}

/** Documents never change workspace; this many are remembered before the map starts again. */
const MAX_REMEMBERED_DOCUMENTS = 100_000;

/**
 * Encrypts content at rest: AES-256-GCM under each workspace's data key (a random 96-bit nonce per
 * value, the value's row as associated data). Data keys live in `workspace_key`, wrapped by the
 * key-encryption key from the environment (KeyRing); unwrapped ones are kept in memory, so after
 * the first value of a workspace, encrypting is one AES-GCM pass with no database round trip.
 */
export class ContentCipher {
  private readonly logger = new Logger('Encryption');
  private readonly workspaces = new Map<string, Promise<WorkspaceKeys>>();
  private readonly documentWorkspace = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    readonly ring: KeyRing,
  ) {}

  async encrypt(workspaceId: string, bytes: Uint8Array, context: string, db?: Queryable): Promise<Buffer> {
    const keys = await this.keys(workspaceId, db);
    return seal(keys.current.key, keys.current.id, bytes, context);
  }

  async decrypt(workspaceId: string, envelope: Uint8Array, context: string, db?: Queryable): Promise<Buffer> {
    const key = await this.keyById(workspaceId, envelopeKeyId(envelope), db);
    return open(key, envelope, context);
  }

  /** Text for a text column: SEALED_TEXT_PREFIX and the envelope in base64. */
  async encryptText(workspaceId: string, text: string, context: string, db?: Queryable): Promise<string> {
    return SEALED_TEXT_PREFIX + (await this.encrypt(workspaceId, Buffer.from(text, 'utf8'), context, db)).toString('base64');
  }

  /** The text as written; a value that was never sealed (a kind kept in the clear) is returned as it is. */
  async decryptText(workspaceId: string, stored: string, context: string, db?: Queryable): Promise<string> {
    if (!stored.startsWith(SEALED_TEXT_PREFIX)) return stored;
    return (await this.decrypt(workspaceId, Buffer.from(stored.slice(SEALED_TEXT_PREFIX.length), 'base64'), context, db)).toString('utf8');
  }

  /** A JSON value for a jsonb column: the sealed text as a JSON string. */
  async encryptJson(workspaceId: string, value: unknown, context: string, db?: Queryable): Promise<string> {
    return JSON.stringify(await this.encryptText(workspaceId, JSON.stringify(value), context, db));
  }

  /** The value as written; one that was never sealed (read from jsonb as it is) is returned as it is. */
  async decryptJson<T>(workspaceId: string, stored: unknown, context: string, db?: Queryable): Promise<T> {
    if (typeof stored !== 'string' || !stored.startsWith(SEALED_TEXT_PREFIX)) return stored as T;
    return JSON.parse(await this.decryptText(workspaceId, stored, context, db)) as T;
  }

  // ---- Documents' content (the sync store's hot path) ----

  /** Seals each document's piece (an update, a snapshot) under its workspace's key: keys are looked up once per workspace. */
  async sealDocuments(pieces: { documentId: string; data: Uint8Array }[], db?: Queryable): Promise<Buffer[]> {
    const sealing = await this.documentSealing(pieces.map((p) => p.documentId), db);
    return pieces.map((p, i) => seal(sealing[i]!.key.key, sealing[i]!.key.id, p.data, sealing[i]!.context));
  }

  /**
   * The key each document's pieces are sealed under now, with the associated data they are sealed
   * with: for sealing elsewhere (the store's sealing thread) exactly as `sealDocuments` seals.
   */
  async documentSealing(documentIds: string[], db?: Queryable): Promise<{ key: { id: number; key: Buffer }; context: string }[]> {
    const workspaces = await this.workspacesOf(documentIds, db);
    const keys = new Map<string, WorkspaceKeys>();
    for (const workspaceId of new Set(workspaces)) keys.set(workspaceId, await this.keys(workspaceId, db));
    return documentIds.map((documentId, i) => ({ key: keys.get(workspaces[i]!)!.current, context: contexts.documentContent(documentId) }));
  }

  async sealDocument(documentId: string, data: Uint8Array, db?: Queryable): Promise<Buffer> {
    return (await this.sealDocuments([{ documentId, data }], db))[0]!;
  }

  /**
   * The document's stored pieces, opened; a piece that does not decrypt (altered, or moved from
   * another document) comes back as null, for the loader to set aside, and is logged.
   */
  async openDocumentPieces(documentId: string, pieces: Uint8Array[], db?: Queryable): Promise<(Buffer | null)[]> {
    if (pieces.length === 0) return [];
    const [workspaceId] = await this.workspacesOf([documentId], db);
    const context = contexts.documentContent(documentId);
    const out: (Buffer | null)[] = [];
    for (const piece of pieces) {
      try {
        out.push(open(await this.keyById(workspaceId!, envelopeKeyId(piece), db), piece, context));
      } catch (error) {
        if (!(error instanceof EnvelopeError)) throw error;
        this.logger.error(`Document ${documentId}: a stored piece does not decrypt: ${error.message}`);
        out.push(null);
      }
    }
    return out;
  }

  /** Opens pieces that must decrypt (history, compaction): one that does not is an error. */
  async openDocument(documentId: string, pieces: Uint8Array[], db?: Queryable): Promise<Buffer[]> {
    if (pieces.length === 0) return [];
    const [workspaceId] = await this.workspacesOf([documentId], db);
    const context = contexts.documentContent(documentId);
    const out: Buffer[] = [];
    for (const piece of pieces) out.push(open(await this.keyById(workspaceId!, envelopeKeyId(piece), db), piece, context));
    return out;
  }

  /** Each document's workspace (documents never move), from memory or one query for those not yet known. */
  async workspacesOf(documentIds: string[], db: Queryable = this.dataSource): Promise<string[]> {
    const unknown = [...new Set(documentIds.filter((id) => !this.documentWorkspace.has(id)))];
    if (unknown.length > 0) {
      const rows: { id: string; workspace_id: string }[] = await db.query(`SELECT id, workspace_id FROM document WHERE id = ANY($1::uuid[])`, [unknown]);
      if (this.documentWorkspace.size + rows.length > MAX_REMEMBERED_DOCUMENTS) this.documentWorkspace.clear();
      for (const r of rows) this.documentWorkspace.set(r.id, r.workspace_id);
    }
    return documentIds.map((id) => {
      const workspaceId = this.documentWorkspace.get(id);
      if (!workspaceId) throw new UnknownDocument(id);
      return workspaceId;
    });
  }

  async workspaceOf(documentId: string, db?: Queryable): Promise<string> {
    return (await this.workspacesOf([documentId], db))[0]!;
  }

  // ---- Data keys ----

  /** Forgets the unwrapped data keys (after a rotation, say); they are read again when needed. */
  forgetKeys(): void {
    this.workspaces.clear();
  }

  private async keyById(workspaceId: string, keyId: number, db?: Queryable): Promise<Buffer> {
    let keys = await this.keys(workspaceId, db);
    if (!keys.byId.has(keyId)) {
      // A data key made since we read them (a rotation by another process): read them again once.
      this.workspaces.delete(workspaceId);
      keys = await this.keys(workspaceId, db);
    }
    const key = keys.byId.get(keyId);
    if (!key) throw new EnvelopeError(`workspace ${workspaceId} has no data key ${keyId}`);
    return key;
  }

  private keys(workspaceId: string, db: Queryable = this.dataSource): Promise<WorkspaceKeys> {
    let keys = this.workspaces.get(workspaceId);
    // Keys read in a caller's transaction are not remembered: one made there is gone if it rolls back.
    if (!keys && db !== this.dataSource) return this.loadKeys(workspaceId, db);
    if (!keys) {
      keys = this.loadKeys(workspaceId, db);
      this.workspaces.set(workspaceId, keys);
      keys.catch(() => this.workspaces.delete(workspaceId));
    }
    return keys;
  }

  /**
   * The workspace's data keys, unwrapped; its first is made when it has none (in the caller's
   * transaction when given one: a failed boot step rolls it back, and the process stops).
   */
  private async loadKeys(workspaceId: string, db: Queryable): Promise<WorkspaceKeys> {
    let rows = await this.readKeys(workspaceId, db);
    if (rows.length === 0) {
      const { kekId, wrapped } = this.ring.wrap(randomBytes(KEY_BYTES), contexts.workspaceKey(workspaceId, 1));
      // Two processes may make one at once: the first insert wins, and both read it.
      await db.query(
        `INSERT INTO workspace_key (workspace_id, key_id, kek_id, wrapped) VALUES ($1, 1, $2, $3) ON CONFLICT DO NOTHING`,
        [workspaceId, kekId, wrapped],
      );
      rows = await this.readKeys(workspaceId, db);
    }
    const byId = new Map(rows.map((r) => [r.key_id, this.ring.unwrap(r.kek_id, r.wrapped, contexts.workspaceKey(workspaceId, r.key_id))]));
    const currentId = Math.max(...rows.map((r) => r.key_id));
    return { current: { id: currentId, key: byId.get(currentId)! }, byId };
  }

  private async readKeys(workspaceId: string, db: Queryable): Promise<{ key_id: number; kek_id: string; wrapped: Buffer }[]> {
    return db.query(`SELECT key_id, kek_id, wrapped FROM workspace_key WHERE workspace_id = $1`, [workspaceId]);
  }
}
