import * as Y from 'yjs';
import { DOCUMENT_KIND_INFO } from '@kinship/domain/rules';
import { type AuthoredBlock } from '@kinship/domain/wire';
import { escapeMarkdownInline, formatRecordDate } from '@kinship/domain/agreements';
import type { DocumentRecord } from '../documents/documents.repository';
import { authoredBlocks } from '../documents/history/document-replay';
import type { RevealRecord } from '../reveals/reveals.service';

/**
 * A document as it stands, as Markdown: its title, kind and dates, then its text block by block.
 * Everything people typed is escaped, so it reads back as the same words, never as Markdown
 * structure or HTML (the same escaping as an agreement version's export).
 */
export function documentMarkdown(document: DocumentRecord, state: Uint8Array): string {
  const lines: string[] = [`# ${escapeMarkdownInline(document.title) || 'Untitled'}`, ''];
  lines.push(`${DOCUMENT_KIND_INFO[document.kind].label}. Created ${formatRecordDate(document.createdAt.toISOString())}, last changed ${formatRecordDate(document.updatedAt.toISOString())}.`, '');
  if (document.archivedAt) lines.push(`Archived ${formatRecordDate(document.archivedAt.toISOString())}.`, '');
  lines.push('---', '');
  lines.push(...contentLines(state, '##', '*This document is empty.*'));
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * A prompt of drafts revealed together, as Markdown: its text and state, then each draft given
 * (already only those the reader may read: `RevealsService.records`) as its author wrote it,
 * escaped as a document's text is.
 */
export function revealMarkdown(prompt: RevealRecord, states: ReadonlyMap<string, Uint8Array>): string {
  const lines: string[] = [`# ${escapeMarkdownInline(prompt.text) || 'Prompt'}`, ''];
  const at = (d: Date | null) => (d ? formatRecordDate(d.toISOString()) : '');
  const state =
    prompt.state === 'revealed'
      ? `Revealed together ${at(prompt.closedAt)}.`
      : prompt.state === 'withdrawn'
        ? `Withdrawn ${at(prompt.closedAt)}: each draft stays its author’s alone.`
        : 'Open: the drafts are revealed together once both partners are done.';
  lines.push(`The counselor’s prompt for drafts revealed together. Opened ${at(prompt.openedAt)}. ${state}`, '', '---', '');
  for (const draft of prompt.drafts) {
    lines.push(draft.mine ? '## Your draft' : `## ${escapeMarkdownInline(draft.name) || 'A partner'}’s draft`, '');
    lines.push(...contentLines(states.get(draft.document.id)!, '###', '*This draft is empty.*'));
  }
  if (prompt.drafts.length === 0) lines.push('*No draft to read here: each draft is its author’s alone until both are revealed together.*', '');
  return `${lines.join('\n').trimEnd()}\n`;
}

/** A document's text block by block, escaped; headings at `heading` level. */
function contentLines(state: Uint8Array, heading: string, empty: string): string[] {
  const doc = new Y.Doc();
  let blocks: AuthoredBlock[];
  try {
    Y.applyUpdate(doc, state);
    blocks = authoredBlocks(doc, new Map());
  } finally {
    doc.destroy();
  }
  const lines: string[] = [];
  for (const block of blocks) {
    const text = escapeMarkdownInline(block.runs.map((r) => r.text).join(''));
    if (!text) continue;
    if (block.type === 'heading') lines.push(`${heading} ${text}`, '');
    else if (block.type === 'agreementItemTitle') lines.push(`${heading}# ${text}`, '');
    else lines.push(text, '');
  }
  if (lines.length === 0) lines.push(empty, '');
  return lines;
}
