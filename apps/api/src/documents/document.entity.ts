import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DocumentKind } from '@kinship/domain/rules';

/** A document's record (its content lives in the sync store's tables). */
@Entity('document')
export class DocumentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ type: 'text' }) kind!: DocumentKind;
  /** Sealed at rest (ContentCipher); the repository opens it. */
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true }) archivedAt!: Date | null;
  /** Its content is closed to edits: an agreement with a version in force, or a closed proposal. */
  @Column({ name: 'sealed_at', type: 'timestamptz', nullable: true }) sealedAt!: Date | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  /** Counts changes to this record (title, archive): a newer view of it has a higher revision. */
  @Column({ type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } }) revision!: number;
}
