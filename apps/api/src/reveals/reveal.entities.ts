import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RevealPromptState } from '@kinship/domain/rules';

/** A prompt the counselor opened; its text is sealed at rest (ContentCipher), opened by the repository. */
@Entity('reveal_prompt')
export class RevealPromptEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'workspace_id', type: 'uuid' }) workspaceId!: string;
  @Column({ type: 'text' }) text!: string;
  @Column({ type: 'text', default: 'open' }) state!: RevealPromptState;
  @Column({ name: 'opened_by', type: 'uuid', nullable: true }) openedBy!: string | null;
  @Column({ name: 'opened_at', type: 'timestamptz', default: () => 'now()' }) openedAt!: Date;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
}

/** One partner's draft for a prompt: its document (kind 'draft', author-only until revealed) and whether it is done. */
@Entity('reveal_draft')
export class RevealDraftEntity {
  @PrimaryColumn({ name: 'prompt_id', type: 'uuid' }) promptId!: string;
  @PrimaryColumn({ name: 'account_id', type: 'uuid' }) accountId!: string;
  @Column({ name: 'document_id', type: 'uuid' }) documentId!: string;
  @Column({ name: 'done_at', type: 'timestamptz', nullable: true }) doneAt!: Date | null;
}
