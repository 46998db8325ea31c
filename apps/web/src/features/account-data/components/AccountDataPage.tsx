import { Link } from 'react-router-dom';
import { DeleteAccount } from './DeleteAccount';
import { DownloadRecords } from './DownloadRecords';
import { LeavingQuickly } from './LeavingQuickly';
import { PageHeader } from '../../../ui/PageHeader';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';

/** /account/data: your records, leaving quickly, deleting your account. */
export default function AccountDataPage() {
  useDocumentTitle('Your records and account');
  return (
    <div className="account-data-page">
      <PageHeader back={{ to: '/', label: 'Your workspaces' }} title="Your records and account">
        <p>
          Where you are signed in and two-step sign-in: <Link to="/account/security">Account and security</Link>.
        </p>
      </PageHeader>
      <DownloadRecords />
      <LeavingQuickly />
      <DeleteAccount />
    </div>
  );
}
