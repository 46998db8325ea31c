import type { AgreementVersionView } from './agreement-wire';
import { BINDS_BOTH } from './agreement-item';

/**
 * A version in force as a Markdown document people can keep: the agreement's title, when the
 * version came into force, who proposed it and who accepted it when, then the numbered items.
 *
 * Everything people wrote (titles, texts, names) is escaped, so nothing they typed can make a
 * heading, a list, a link, an image, code or HTML in the exported file: it reads back as the
 * same words, never as structure.
 */

/**
 * Characters Markdown (CommonMark, GitHub's and the common extensions) can act on anywhere in a
 * line: escapes, code, emphasis, links and images, HTML and entities, tables, strikethrough,
 * headings' closing `#`, math, highlights, attributes, superscript. Everyday punctuation (. , : ; ' "
 * ( ) ? ! / - @) is left as it is, so the file reads as written in a plain text editor: with `[`
 * and `<` escaped, no `(` or `!` can make a link or an image.
 */
const MARKDOWN_ACTIVE = /[\\`*_[\]<>&|~#$=^{}+]/g;
/** What makes a list, a thematic break or a definition only at a line's start (`+`, `*` are escaped anywhere). */
const LINE_START_ACTIVE = /^[-:]/;
/** A number and its `.` or `)` at a line's start make a numbered list. */
const LINE_START_NUMBER = /^(\d{1,9})([.)])/;
/** Control characters (tab and newline are handled before this runs). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** Characters that end or break a line in some Markdown renderers. */
const LINE_BREAKS = /[\r\n\u2028\u2029\u0085]/g;

/**
 * One line of people's words as Markdown inline text: control characters dropped, runs of
 * white space made one space (leading spaces would make a code block), every character Markdown
 * can act on backslash-escaped (`#`, `*`, `_`, `<`, `[`, backticks, `>`, `|`, `&`…), and at the
 * line's start a `-`, a `:` or the `.` or `)` after a number.
 */
export function escapeMarkdownInline(text: string): string {
  return text
    .replace(LINE_BREAKS, ' ')
    .replace(CONTROL, '')
    .replace(/[\t ]+/g, ' ')
    .trim()
    .replace(MARKDOWN_ACTIVE, (c) => `\\${c}`)
    .replace(LINE_START_ACTIVE, (c) => `\\${c}`)
    .replace(LINE_START_NUMBER, '$1\\$2');
}

/** Several lines of people's words: each non-empty line a paragraph of its own. */
export function escapeMarkdownBlock(text: string): string {
  return text
    .split(/\r\n|[\r\n\u2028\u2029\u0085]/)
    .map(escapeMarkdownInline)
    .filter((line) => line.length > 0)
    .join('\n\n');
}

/** A moment as people read it in a kept record, unambiguous wherever it is opened: "25 November 2026, 21:04 UTC". */
export function formatRecordDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}

/** Whom an item binds, in words: "Both partners", or the one partner's name. */
export function bindsInWords(binds: string, names: ReadonlyMap<string, string> | Record<string, string>): string {
  if (binds === BINDS_BOTH) return 'Both partners';
  const name = names instanceof Map ? names.get(binds) : (names as Record<string, string>)[binds];
  return name ?? 'A partner who is no longer in the workspace';
}

export interface AgreementVersionExport {
  /** The agreement's title. */
  title: string;
  version: AgreementVersionView;
  /** Display names by account id, for the partners items bind. */
  names: ReadonlyMap<string, string> | Record<string, string>;
}

/** The version as Markdown (CommonMark), ending with a newline. */
export function agreementVersionMarkdown({ title, version, names }: AgreementVersionExport): string {
  const e = escapeMarkdownInline;
  const lines: string[] = [];
  lines.push(`# ${e(title) || 'Agreement'}`, '');
  lines.push(`Version ${version.number}, in force since ${formatRecordDate(version.inForceAt)}`, '');
  lines.push(`Proposed by ${e(version.proposedBy.name)}`, '');
  lines.push('Accepted by:', '');
  for (const a of version.acceptedBy) lines.push(`- ${e(a.name)}, ${formatRecordDate(a.at)}`);
  lines.push('');
  lines.push('## Items', '');
  if (version.items.length === 0) lines.push('This version has no items.', '');
  version.items.forEach((item, index) => {
    const retired = item.status === 'retired';
    const heading = `${index + 1}\\. ${e(item.title) || 'Untitled item'}${retired ? ' (retired)' : ''}`;
    lines.push(`### ${heading}`, '');
    if (retired) lines.push('*Retired: this item no longer binds anyone.*', '');
    lines.push(`Binds: ${e(bindsInWords(item.binds, names))}`, '');
    const text = escapeMarkdownBlock(item.text);
    if (text) lines.push(text, '');
  });
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * The file name of a version's Markdown export ("Phones and trust v2.md") as a Content-Disposition
 * value: an ASCII fallback with anything risky replaced, and the exact name in RFC 5987 encoding.
 */
export function markdownAttachmentDisposition(title: string, versionNumber: number): string {
  const clean = title.replace(LINE_BREAKS, ' ').replace(CONTROL, '').replace(/[\\/]/g, '-').replace(/\s+/g, ' ').trim().slice(0, 150) || 'Agreement';
  const name = `${clean} v${versionNumber}.md`;
  const ascii = name.replace(/[^ -~]/g, '_').replace(/["%;\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
