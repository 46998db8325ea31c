import { AUDIT_KIND_LABELS, AuditEntryView } from '@kinship/domain';
import { formatDateTime } from '../../../ui/format';
import { deviceName } from '../device-name';

/** Who did it, in words: a failed login names the email that was typed. */
function who(entry: AuditEntryView): string {
  if (entry.actor) return entry.actor.name;
  return entry.email ? `Someone, typing ${entry.email}` : 'Someone';
}

/** What it was about: the document (by its title now), the invite, or whose membership. */
function about(entry: AuditEntryView): string {
  if (entry.document) return entry.document.title ?? 'A document no longer available to you';
  if (entry.subject && entry.subject.accountId !== entry.actor?.accountId) return entry.subject.name;
  if (entry.inviteId) return 'A partner invite';
  return '—';
}

/**
 * Audit entries as a table: on a wide screen, rows and columns; on a phone, each entry a small
 * card with its labels (the table's roles are set explicitly, so screen readers keep them either way).
 */
export function AuditTable({ entries, caption, showWho = true }: { entries: AuditEntryView[]; caption: string; showWho?: boolean }) {
  return (
    <table className="audit-table" role="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead role="rowgroup">
        <tr role="row">
          <th scope="col" role="columnheader">When</th>
          {showWho && <th scope="col" role="columnheader">Who</th>}
          <th scope="col" role="columnheader">What</th>
          <th scope="col" role="columnheader">About</th>
          <th scope="col" role="columnheader">Address</th>
          <th scope="col" role="columnheader">Device</th>
        </tr>
      </thead>
      <tbody role="rowgroup">
        {entries.map((entry) => (
          <tr key={entry.id} role="row" className={`audit-table__row audit-table__row--${entry.kind}`}>
            <td role="cell" data-label="When">
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
            </td>
            {showWho && (
              <td role="cell" data-label="Who">
                {who(entry)}
              </td>
            )}
            <td role="cell" data-label="What">
              {AUDIT_KIND_LABELS[entry.kind]}
            </td>
            <td role="cell" data-label="About">
              {about(entry)}
            </td>
            <td role="cell" data-label="Address" className="audit-table__ip">
              {entry.ip ?? '—'}
            </td>
            <td role="cell" data-label="Device" className="audit-table__device" title={entry.device ?? undefined}>
              {deviceName(entry.device)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
