import { Link } from 'react-router-dom';
import { DeleteAccount } from './DeleteAccount';
import { DownloadRecords } from './DownloadRecords';
import { LeavingQuickly } from './LeavingQuickly';
import { ArrowLeftIcon } from '../../../ui/icons';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';

/** /account/data: your records, leaving quickly, deleting your account. */
export default function AccountDataPage() {
  useDocumentTitle('Your records and account');
  return (
    <div className="account-data-page">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/">
          <ArrowLeftIcon /> Your workspaces
        </Link>
      </nav>
      <header className="page-header">
        <h1>Your records and account</h1>
        <p>
          Where you are signed in and two-step sign-in: <Link to="/account/security">Account and security</Link>.
        </p>
      </header>
      <DownloadRecords />
      <LeavingQuickly />
      <DeleteAccount />
    </div>
  );
}
