import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { MemberView } from '@kinship/domain/wire';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { leaveWorkspace, removeMember, workspaceExportUrl } from '../api';
import { workspaceKeys } from '../queries';

/** The counselor's "Remove from workspace" beside a partner, asking first. */
export function RemoveMemberButton({ workspaceId, member }: { workspaceId: string; member: MemberView }) {
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const remove = useMutation({
    mutationFn: () => removeMember(workspaceId, member.accountId),
    onSuccess: async () => {
      setAsking(false);
      await queryClient.invalidateQueries({ queryKey: workspaceKeys.detail(workspaceId) });
    },
  });
  const name = member.displayName;
  return (
    <>
      <Button size="small" variant="quiet" onClick={() => setAsking(true)} aria-label={`Remove ${name} from the workspace`}>
        Remove
      </Button>
      <ConfirmDialog
        open={asking}
        title={`Remove ${name} from this workspace?`}
        confirmLabel={`Remove ${name}`}
        cancelLabel={`Keep ${name}`}
        onConfirm={() => remove.mutate()}
        onCancel={() => {
          setAsking(false);
          remove.reset();
        }}
        busy={remove.isPending}
        busyLabel="Removing…"
      >
        <p>
          {name} will no longer see this workspace; any page of it they have open closes now. What they wrote stays in
          the documents, under their name. You can invite them again later.
        </p>
        <ErrorNotice message={remove.error ? errorMessage(remove.error) : null} />
      </ConfirmDialog>
    </>
  );
}

/** A partner's "Leave workspace", asking first; then back to their workspaces. */
export function LeaveWorkspaceButton({ workspaceId, workspaceName }: { workspaceId: string; workspaceName: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [asking, setAsking] = useState(false);
  const leave = useMutation({
    mutationFn: () => leaveWorkspace(workspaceId),
    onSuccess: async () => {
      setAsking(false);
      queryClient.removeQueries({ queryKey: workspaceKeys.detail(workspaceId) });
      // Reading the list again clears this workspace's documents from the device.
      await queryClient.invalidateQueries({ queryKey: workspaceKeys.list() });
      navigate('/', { replace: true });
    },
  });
  return (
    <>
      <Button size="small" variant="quiet" onClick={() => setAsking(true)}>
        Leave workspace
      </Button>
      <ConfirmDialog
        open={asking}
        title={`Leave “${workspaceName}”?`}
        confirmLabel="Leave workspace"
        cancelLabel="Stay"
        onConfirm={() => leave.mutate()}
        onCancel={() => {
          setAsking(false);
          leave.reset();
        }}
        busy={leave.isPending}
        busyLabel="Leaving…"
      >
        <p>
          You will no longer see its documents or sessions, and Kinship's copies of them on this device are deleted.
          What you wrote stays with your counselor, under your name. Your counselor can invite you again.
        </p>
        <ErrorNotice message={leave.error ? errorMessage(leave.error) : null} />
      </ConfirmDialog>
    </>
  );
}

/** The counselor's download of every record of the workspace. */
export function ExportWorkspaceLink({ workspaceId }: { workspaceId: string }) {
  return (
    <a className="button button--secondary button--small" href={workspaceExportUrl(workspaceId)} download>
      Export workspace
    </a>
  );
}
