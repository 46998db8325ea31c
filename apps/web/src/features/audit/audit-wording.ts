import { AUDIT_KIND_LABELS, type AuditEntryView } from '@kinship/domain/wire';

type Entry = Pick<AuditEntryView, 'kind' | 'actor' | 'email' | 'document' | 'inviteId' | 'subject'>;

/** A membership ended by someone else than its member: the counselor removed them. */
function removedByOther(entry: Entry): boolean {
  return entry.kind === 'membership-removed' && entry.subject !== null && entry.subject.accountId !== entry.actor?.accountId;
}

/** Who did it, in words: a failed login names the email that was typed. */
export function who(entry: Entry): string {
  if (entry.actor) return entry.actor.name;
  return entry.email ? `Someone, typing ${entry.email}` : 'Someone';
}

/** What happened: "Removed Kit Marsh from the workspace" when the counselor ended someone's membership, else the kind's label. */
export function what(entry: Entry): string {
  if (removedByOther(entry)) return `Removed ${entry.subject!.name} from the workspace`;
  return AUDIT_KIND_LABELS[entry.kind];
}

/** What it was about: the document (by its title now), the invite, or whose membership (unless "what" named them). */
export function about(entry: Entry): string {
  if (entry.document) return entry.document.title ?? 'A document no longer available to you';
  if (removedByOther(entry)) return '—';
  if (entry.subject && entry.subject.accountId !== entry.actor?.accountId) return entry.subject.name;
  if (entry.inviteId) return 'A partner invite';
  return '—';
}
