import { Link } from 'react-router-dom';
import { Notice } from '../../../ui/Notice';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';

/** Any address that is no page: the way home is the list of one's workspaces. */
export default function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <Notice tone="info" title="This page does not exist">
      <p>
        The link may be mistyped or out of date. <Link to="/">Go to your workspaces</Link>
      </p>
    </Notice>
  );
}
