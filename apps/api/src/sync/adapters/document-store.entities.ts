import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The sync store's tables (PostgresDocStore): a document's content as updates and a snapshot,
 * pieces set aside, and which account brought each Yjs client id. Content is sealed at rest.
 */

/** One row per Yjs update as it arrived, in arrival order (id). */
@Entity('document_update')
export class DocumentUpdateEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'document_id', type: 'uuid' }) documentId!: string;
  @Column({ type: 'bytea' }) data!: Buffer;
  /** Who sent it; null for server-made updates. */
  @Column({ name: 'account_id', type: 'uuid', nullable: true }) accountId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  /** Merged into the snapshot by compaction; the row is kept for history. */
  @Column({ name: 'in_snapshot', type: 'boolean', default: false }) inSnapshot!: boolean;
}

/**
 * The document's merged state. Compaction merges update rows into it and marks them, so snapshot
 * + the rows not in it is always the whole document.
 */
@Entity('document_snapshot')
export class DocumentSnapshotEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' }) documentId!: string;
  @Column({ type: 'bytea' }) state!: Buffer;
  /** The state's Yjs state vector, as compaction found it; null when written otherwise. */
  @Column({ name: 'state_vector', type: 'bytea', nullable: true }) stateVector!: Buffer | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/**
 * The bytes of a document's stored update rows, as the storage quota counts them: kept by triggers
 * on `document_update` (migration 1769800000000), so reading it never sums the rows.
 */
@Entity('document_storage')
export class DocumentStorageEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' }) documentId!: string;
  @Column({ type: 'bigint', default: 0 }) bytes!: string;
}

/** A stored piece that could not be loaded safely, moved out of the document for a person to look at. */
@Entity('document_quarantine')
export class DocumentQuarantineEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'document_id', type: 'uuid' }) documentId!: string;
  @Column({ type: 'text' }) source!: 'snapshot' | 'update';
  @Column({ type: 'bytea' }) data!: Buffer;
  @Column({ name: 'account_id', type: 'uuid', nullable: true }) accountId!: string | null;
  @Column({ name: 'stored_at', type: 'timestamptz' }) storedAt!: Date;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'quarantined_at', type: 'timestamptz', default: () => 'now()' }) quarantinedAt!: Date;
}

/** Which account brought each Yjs client id into a document: nobody writes under another's. */
@Entity('document_client')
export class DocumentClientEntity {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' }) documentId!: string;
  /** bigint, read as text. */
  @PrimaryColumn({ name: 'client_id', type: 'bigint' }) clientId!: string;
  @Column({ name: 'account_id', type: 'uuid', nullable: true }) accountId!: string | null;
}
