import { useQuery } from '@tanstack/react-query';
import type { DocumentView } from '@kinship/domain/wire';
import { formatDateTime } from '../../../ui/format';
import type { DocumentActivity } from '../api';
import { fetchDocumentActivity } from '../api';
import { documentKeys } from '../queries';
import './document-activity.css';

/** "Renamed by Riley, 25 Nov 2026, 21:40 — was “Phone rules”". */
export function describeActivity(activity: DocumentActivity): string {
  const who = activity.actor?.name ?? 'a former member';
  const when = formatDateTime(activity.at);
  switch (activity.action) {
    case 'renamed':
      return `Renamed by ${who}, ${when} — was “${activity.oldTitle ?? ''}”`;
    case 'archived':
      return `Archived by ${who}, ${when}`;
    case 'restored':
      return `Restored by ${who}, ${when}`;
  }
}

/**
 * The document page's line saying who last renamed, archived or restored it. Read again whenever
 * the record's title or archived state changes (here or from elsewhere).
 */
export function DocumentActivityLine({ document }: { document: DocumentView }) {
  const query = useQuery({
    queryKey: [...documentKeys.activity(document.id), document.title, document.archived],
    queryFn: ({ signal }) => fetchDocumentActivity(document.id, signal),
  });
  const latest = query.data?.[0];
  if (!latest) return null;
  return (
    <p className="document-activity" data-testid="document-activity">
      {describeActivity(latest)}
    </p>
  );
}
