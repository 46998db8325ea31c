import * as Y from 'yjs';
import { DOCUMENT_KIND_INFO } from '@kinship/domain/rules';
import { type AuthoredBlock } from '@kinship/domain/wire';
import { escapeMarkdownInline, formatRecordDate } from '@kinship/domain/agreements';
import type { DocumentRecord } from '../documents/documents.repository';
import { authoredBlocks } from '../documents/history/document-replay';

/**
 * A document as it stands, as Markdown: its title, kind and dates, then its text block by block.
 * Everything people typed is escaped, so it reads back as the same words, never as Markdown
 * structure or HTML (the same escaping as an agreement version's export).
 */
export function documentMarkdown(document: DocumentRecord, state: Uint8Array): string {
  const doc = new Y.Doc();
  let blocks: AuthoredBlock[];
  try {
    Y.applyUpdate(doc, state);
    blocks = authoredBlocks(doc, new Map());
  } finally {
    doc.destroy();
  }
  const lines: string[] = [`# ${escapeMarkdownInline(document.title) || 'Untitled'}`, ''];
  lines.push(`${DOCUMENT_KIND_INFO[document.kind].label}. Created ${formatRecordDate(document.createdAt.toISOString())}, last changed ${formatRecordDate(document.updatedAt.toISOString())}.`, '');
  if (document.archivedAt) lines.push(`Archived ${formatRecordDate(document.archivedAt.toISOString())}.`, '');
  lines.push('---', '');
  let wrote = false;
  for (const block of blocks) {
    const text = escapeMarkdownInline(block.runs.map((r) => r.text).join(''));
    if (!text) continue;
    wrote = true;
    if (block.type === 'heading') lines.push(`## ${text}`, '');
    else if (block.type === 'agreementItemTitle') lines.push(`### ${text}`, '');
    else lines.push(text, '');
  }
  if (!wrote) lines.push('*This document is empty.*', '');
  return `${lines.join('\n').trimEnd()}\n`;
}
