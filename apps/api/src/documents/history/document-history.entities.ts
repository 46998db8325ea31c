import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A document's history, derived from `document_update` and filled as history is read (the rows
 * and their client owners belong to the sync store: sync/adapters/document-store.entities.ts).
 */

/** A snapshot made before updates were kept: the state history begins from. */
@Entity('document_history_base')
export class DocumentHistoryBaseEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' }) documentId!: string;
  /** Sealed like the document's content. */
  @Column({ type: 'bytea' }) state!: Buffer;
  @Column({ name: 'taken_at', type: 'timestamptz' }) takenAt!: Date;
}

/** One edit once it can no longer grow: its rows, author, time and words. */
@Entity('document_history_edit')
export class DocumentHistoryEditEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' }) documentId!: string;
  /** The edit's last `document_update` id (bigint, read as text). */
  @PrimaryColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'first_id', type: 'bigint' }) firstId!: string;
  @Column({ name: 'account_id', type: 'uuid', nullable: true }) accountId!: string | null;
  @Column({ name: 'from_at', type: 'timestamptz' }) fromAt!: Date;
  @Column({ name: 'to_at', type: 'timestamptz' }) toAt!: Date;
  @Column({ type: 'int' }) updates!: number;
  @Column({ name: 'words_added', type: 'int' }) wordsAdded!: number;
  @Column({ name: 'words_removed', type: 'int' }) wordsRemoved!: number;
  /** The start of what it added, sealed (ContentCipher). */
  @Column({ type: 'text' }) snippet!: string;
}

/** The document right after an edit (every struct kept), sealed. */
@Entity('document_history_checkpoint')
export class DocumentHistoryCheckpointEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' }) documentId!: string;
  @PrimaryColumn({ name: 'through_id', type: 'bigint' }) throughId!: string;
  @Column({ type: 'bytea' }) state!: Buffer;
}
