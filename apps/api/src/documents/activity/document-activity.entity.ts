import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DocumentActivityView } from '@kinship/domain/wire';

/** A rename, archive or restore of a document: who and when. */
@Entity('document_activity')
export class DocumentActivityEntity {
  /** bigserial: read as text. */
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'document_id', type: 'uuid' }) documentId!: string;
  @Column({ name: 'account_id', type: 'uuid', nullable: true }) accountId!: string | null;
  @Column({ type: 'text' }) action!: DocumentActivityView['action'];
  /** Sealed at rest for a counselor's private notes (ContentCipher). */
  @Column({ name: 'old_title', type: 'text', nullable: true }) oldTitle!: string | null;
  @Column({ name: 'new_title', type: 'text', nullable: true }) newTitle!: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at!: Date;
}
