import { Link } from 'react-router-dom';
import { Notice } from '../../../ui/Notice';

/** Said the same way whether the document is private, removed or never existed. */
export function DocumentNotAvailable({ workspaceId }: { workspaceId?: string }) {
  return (
    <Notice tone="info" title="This document is not available" className="not-available">
      <p>
        It may be private to the counselor, it may have been removed, or the link may be incomplete. Nothing about it
        was opened on this device.
      </p>
      <p>
        {workspaceId ? (
          <Link to={`/workspaces/${workspaceId}`}>Back to the workspace</Link>
        ) : (
          <Link to="/">Back to your workspaces</Link>
        )}
      </p>
    </Notice>
  );
}
