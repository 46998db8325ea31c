import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { AUDIT_KINDS, type AuditKind } from '@kinship/domain/wire';
import { PageHeader } from '../../../ui/PageHeader';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { CHANGE_PASSWORD_PATH } from '../../account-security/password-change';
import { myAuditQuery } from '../queries';
import { AuditKindField } from './AuditKindField';
import { AuditEntries } from './AuditEntries';
import './audit.css';

/**
 * /activity: one's own account's entries (logins, what one opened and changed), and the failed
 * logins typed with one's email, so a person can tell whether someone else tried to get in.
 */
export default function MyActivityPage() {
  useDocumentTitle('My activity');
  const [kind, setKind] = useState<AuditKind | undefined>(undefined);
  const activity = useInfiniteQuery(myAuditQuery(kind));
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
      <AuditEntries
        pages={activity}
        titleId="activity-entries-title"
        loadingLabel="Reading your activity…"
        emptyText="Nothing here yet."
        caption="My activity, newest first"
        showWho={false}
      />
    </div>
  );
}
