import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { AgreementDiffView } from './AgreementDiffView';
import { VersionExportLinks } from './VersionExportLinks';
import { usePeopleNames } from '../hooks';
import { agreementQuery, compareQuery, versionsQuery } from '../queries';
import { errorMessage } from '../../../shared/http';
import { formatDateTime } from '../../../ui/format';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';

/** /workspaces/:workspaceId/agreements/:agreementId/versions: every version in force, and any two compared. */
export default function AgreementVersionsPage() {
  const { agreementId = '', workspaceId = '' } = useParams();
  useDocumentTitle('Versions');
  const people = usePeopleNames(workspaceId);
  const versions = useQuery(versionsQuery(agreementId));
  const agreement = useQuery(agreementQuery(agreementId));
  const latest = versions.data?.[0]?.number ?? 0;
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const pair = { from: from ?? Math.max(0, latest - 1), to: to ?? latest };
  const compared = useQuery({ ...compareQuery(agreementId, pair.from, pair.to), enabled: pair.to > 0 });
  if (versions.error) return <Notice tone="error">{errorMessage(versions.error)}</Notice>;
  if (!versions.data) return <Loading label="Reading the versions…" />;
  return (
    <article className="versions-page" aria-labelledby="versions-title">
      <PageHeader
        back={{ to: `/workspaces/${workspaceId}/documents/${agreementId}`, label: agreement.data?.title ?? 'The agreement' }}
        title={`Versions of ${agreement.data?.title ?? 'the agreement'}`}
        titleId="versions-title"
      />
      <ol className="versions-list" reversed>
        {versions.data.map((v) => (
          <li key={v.number}>
            <strong>Version {v.number}</strong> — in force since {formatDateTime(v.inForceAt)}; proposed by {v.proposedBy.name}; accepted by{' '}
            {v.acceptedBy.map((a) => `${a.name} (${formatDateTime(a.at)})`).join(' and ')}; {v.itemCount} items.{' '}
            <VersionExportLinks workspaceId={workspaceId} agreementId={agreementId} number={v.number} />
          </li>
        ))}
      </ol>
      <h2>Compare two versions</h2>
      <div className="versions-compare">
        <label htmlFor="compare-from">From</label>
        <select id="compare-from" className="field__input" value={pair.from} onChange={(e) => setFrom(Number(e.target.value))}>
          <option value={0}>Nothing (before version 1)</option>
          {versions.data.map((v) => (
            <option key={v.number} value={v.number}>
              Version {v.number}
            </option>
          ))}
        </select>
        <label htmlFor="compare-to">To</label>
        <select id="compare-to" className="field__input" value={pair.to} onChange={(e) => setTo(Number(e.target.value))}>
          {versions.data.map((v) => (
            <option key={v.number} value={v.number}>
              Version {v.number}
            </option>
          ))}
        </select>
      </div>
      {compared.error && <Notice tone="error">{errorMessage(compared.error)}</Notice>}
      {compared.data && <AgreementDiffView diff={compared.data.diff} people={people} />}
    </article>
  );
}
