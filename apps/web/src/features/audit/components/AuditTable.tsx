import type { AuditEntryView } from '@kinship/domain/wire';
import { formatDateTime } from '../../../ui/format';
import { about, what, who } from '../audit-wording';
import { deviceName } from '../device-name';
import './audit.css';

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
              {what(entry)}
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
