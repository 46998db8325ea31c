import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { Notice } from '../../../ui/Notice';
import { workspaceKeys } from '../../workspaces/queries';
import './documents.css';

/** Said the same way whether the document is private, removed or never existed. */
export function DocumentNotAvailable({ workspaceId }: { workspaceId?: string }) {
  const client = useQueryClient();
  // Refused because the person is no longer in the workspace? Asking for it again tells (and the
  // workspace's frame then leaves for the home page, saying so).
  useEffect(() => {
    if (workspaceId) void client.invalidateQueries({ queryKey: workspaceKeys.detail(workspaceId) });
  }, [client, workspaceId]);
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
