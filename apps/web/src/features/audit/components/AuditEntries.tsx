import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { AuditPage } from '@kinship/domain/wire';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { AuditTable } from './AuditTable';

/** Entries read a page at a time, newest first, with "Show older entries" while there are more. */
export function AuditEntries({
  pages,
  titleId,
  loadingLabel,
  emptyText,
  caption,
  showWho,
}: {
  pages: UseInfiniteQueryResult<InfiniteData<AuditPage>>;
  titleId: string;
  loadingLabel: string;
  /** Said when there is nothing to show. */
  emptyText: string;
  /** The table's caption, for screen readers. */
  caption: string;
  showWho?: boolean;
}) {
  const entries = pages.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <section aria-labelledby={titleId} aria-busy={pages.isFetching || undefined}>
      <h2 id={titleId} className="visually-hidden">
        Entries, newest first
      </h2>
      {pages.isPending && <Loading label={loadingLabel} />}
      {pages.isError && <Notice tone="error">{errorMessage(pages.error)}</Notice>}
      {pages.isSuccess && entries.length === 0 && <p className="muted">{emptyText}</p>}
      {entries.length > 0 && <AuditTable entries={entries} caption={caption} showWho={showWho} />}
      {pages.hasNextPage && (
        <Button onClick={() => void pages.fetchNextPage()} busy={pages.isFetchingNextPage} busyLabel="Loading older entries…">
          Show older entries
        </Button>
      )}
    </section>
  );
}
