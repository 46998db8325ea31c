import { useQuery } from '@tanstack/react-query';
import { useLocation, useParams } from 'react-router-dom';
import { versionMarkdownUrl } from '../api';
import { VersionRecord } from './VersionRecord';
import { usePeopleNames } from '../hooks';
import { agreementQuery, versionQuery } from '../queries';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { formatDateTime } from '../../../ui/format';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { Breadcrumb } from '../../../ui/PageHeader';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';

/**
 * /workspaces/:workspaceId/agreements/:agreementId/versions/:number/print: one version as a clean
 * page to print or save as PDF (the print stylesheet leaves only the record and a footer line with
 * this page's address and the date), or to download as Markdown.
 */
export default function AgreementVersionPrintPage() {
  const { agreementId = '', workspaceId = '', number: numberParam = '' } = useParams();
  const number = /^[1-9]\d*$/.test(numberParam) ? Number(numberParam) : 0;
  const people = usePeopleNames(workspaceId);
  const agreement = useQuery({ ...agreementQuery(agreementId), refetchInterval: false });
  const version = useQuery({ ...versionQuery(agreementId, number), enabled: number > 0 });
  const location = useLocation();
  useDocumentTitle('Agreement version');

  if (number === 0) return <Notice tone="error">There is no such version.</Notice>;
  const error = version.error ?? agreement.error;
  if (error) return <Notice tone="error">{errorMessage(error)}</Notice>;
  if (!version.data || !agreement.data) return <Loading label="Reading the version…" />;
  const address = `${window.location.origin}${location.pathname}`;
  return (
    <article className="version-print" aria-labelledby="version-record-title">
      <div className="version-print__toolbar">
        <Breadcrumb to={`/workspaces/${workspaceId}/agreements/${agreementId}/versions`} label="All versions" />
        <div className="version-print__actions">
          <Button variant="primary" onClick={() => window.print()}>
            Print
          </Button>
          <a className="button button--secondary" href={versionMarkdownUrl(agreementId, number)} download>
            Download as Markdown
          </a>
        </div>
      </div>
      <VersionRecord title={agreement.data.title} version={version.data} people={people} />
      <footer className="version-print__footer">
        Printed from {address} on {formatDateTime(new Date().toISOString())}
      </footer>
    </article>
  );
}
