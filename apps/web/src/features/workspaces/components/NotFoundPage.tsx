import { Link } from 'react-router-dom';
import { Notice } from '../ui/Notice';
import { useDocumentTitle } from '../ui/useDocumentTitle';

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
