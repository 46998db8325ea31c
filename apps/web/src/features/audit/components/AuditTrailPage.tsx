import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { can } from '@kinship/domain/rules';
import { ACCOUNT_AUDIT_KINDS, AUDIT_KINDS } from '@kinship/domain/wire';
import { useState } from 'react';
import { documentsQuery } from '../../documents/queries';
import { workspaceQuery } from '../../workspaces/queries';
import { errorMessage } from '../../../shared/http';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { Breadcrumb, PageHeader } from '../../../ui/PageHeader';
import { SelectField } from '../../../ui/SelectField';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import type { AuditFilters } from '../api';
import { workspaceAuditCsvUrl } from '../api';
import { workspaceAuditQuery } from '../queries';
import { AuditKindField } from './AuditKindField';
import { AuditEntries } from './AuditEntries';
import './audit.css';

/** What the workspace's trail holds: everything but what only concerns one's own account. */
const WORKSPACE_AUDIT_KINDS = AUDIT_KINDS.filter((k) => !ACCOUNT_AUDIT_KINDS.includes(k));

/**
 * /workspaces/:workspaceId/audit: the counselor's view of who opened or changed what, when, and
 * from where, filtered by person, document and kind, with the same filters as a CSV download.
 */
export default function AuditTrailPage() {
  const { workspaceId = '' } = useParams();
  useDocumentTitle('Audit trail');
  const workspace = useQuery(workspaceQuery(workspaceId));
  const mayRead = workspace.data ? can({ role: workspace.data.role }, { type: 'workspace.audit' }) : false;
  const documents = useQuery({ ...documentsQuery(workspaceId), enabled: mayRead });
  const [filters, setFilters] = useState<AuditFilters>({});
  const trail = useInfiniteQuery({ ...workspaceAuditQuery(workspaceId, filters), enabled: mayRead });

  const back = { to: `/workspaces/${workspaceId}`, label: workspace.data?.name ?? 'Back to the workspace' };
  if (workspace.isPending) return <Loading label="Opening the workspace…" />;
  if (!workspace.data || !mayRead) {
    return (
      <>
        <Breadcrumb {...back} />
        <Notice tone="info" title="The audit trail is the counselor’s">
          <p>{workspace.error ? errorMessage(workspace.error) : 'You can see your own account’s activity instead.'}</p>
          <p>
            <Link to="/activity">See my activity</Link>
          </p>
        </Notice>
      </>
    );
  }

  const set = (key: keyof AuditFilters) => (event: React.ChangeEvent<HTMLSelectElement>) =>
    setFilters((current) => ({ ...current, [key]: event.target.value || undefined }));
  return (
    <div className="audit">
      <PageHeader back={back} title="Audit trail">
        <p className="muted">
          Who opened or changed what in {workspace.data.name}, and when. Entries are kept unchanged: each is sealed to the one
          before it.
        </p>
        <p className="muted">
          Entry numbers (in the CSV) count the whole practice’s trail, so a gap between them is entries about other workspaces
          or people. Opening the same document again within a few minutes is recorded once.
        </p>
      </PageHeader>
      <form className="audit__filters" aria-label="Filter the audit trail" onSubmit={(e) => e.preventDefault()}>
        <SelectField id="audit-person" label="Person" value={filters.person ?? ''} onChange={set('person')}>
          <option value="">Everyone</option>
          {workspace.data.members.map((m) => (
            <option key={m.accountId} value={m.accountId}>
              {m.displayName} ({m.role})
            </option>
          ))}
        </SelectField>
        <SelectField id="audit-document" label="Document" value={filters.document ?? ''} onChange={set('document')}>
          <option value="">All documents</option>
          {documents.data?.map((d) => (
            <option key={d.id} value={d.id}>
              {d.title}
            </option>
          ))}
        </SelectField>
        <AuditKindField
          id="audit-kind"
          kinds={WORKSPACE_AUDIT_KINDS}
          value={filters.kind}
          onChange={(kind) => setFilters((current) => ({ ...current, kind }))}
        />
        <a className="button button--secondary audit__download" href={workspaceAuditCsvUrl(workspaceId, filters)} download>
          Download CSV
        </a>
      </form>
      <AuditEntries
        pages={trail}
        titleId="audit-entries-title"
        loadingLabel="Reading the audit trail…"
        emptyText="Nothing matches these filters yet."
        caption="Audit trail, newest first"
      />
    </div>
  );
}
