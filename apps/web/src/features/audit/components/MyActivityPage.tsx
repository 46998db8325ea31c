import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { AUDIT_KINDS, type AuditKind } from '@kinship/domain';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { CHANGE_PASSWORD_PATH } from '../../account-security/password-change';
import { myAuditQuery } from '../queries';
import { AuditKindField } from './AuditKindField';
import { AuditTable } from './AuditTable';
import './audit.css';

/**
 * /activity: one's own account's entries (logins, what one opened and changed), and the failed
 * logins typed with one's email, so a person can tell whether someone else tried to get in.
 */
export default function MyActivityPage() {
  useDocumentTitle('My activity');
  const [kind, setKind] = useState<AuditKind | undefined>(undefined);
  const activity = useInfiniteQuery(myAuditQuery(kind));
  const entries = activity.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <div className="audit">
      <PageHeader back={{ to: '/', label: 'Your workspaces' }} title="My activity">
        <p className="muted">
          When your account logged in and out, what it opened and changed, and any failed attempts to log in with your email.
          If something here was not you, <Link to={CHANGE_PASSWORD_PATH}>change your password</Link> and tell your counselor.
        </p>
      </PageHeader>
      <form className="audit__filters" aria-label="Filter my activity" onSubmit={(e) => e.preventDefault()}>
        <AuditKindField id="activity-kind" kinds={AUDIT_KINDS} value={kind} onChange={setKind} />
      </form>
      <section aria-labelledby="activity-entries-title" aria-busy={activity.isFetching || undefined}>
        <h2 id="activity-entries-title" className="visually-hidden">
          Entries, newest first
        </h2>
        {activity.isPending && <Loading label="Reading your activity…" />}
        {activity.isError && <Notice tone="error">{errorMessage(activity.error)}</Notice>}
        {activity.isSuccess && entries.length === 0 && <p className="muted">Nothing here yet.</p>}
        {entries.length > 0 && <AuditTable entries={entries} caption="My activity, newest first" showWho={false} />}
        {activity.hasNextPage && (
          <Button onClick={() => void activity.fetchNextPage()} busy={activity.isFetchingNextPage} busyLabel="Loading older entries…">
            Show older entries
          </Button>
        )}
      </section>
    </div>
  );
}
