import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { CreateWorkspaceBody, type WorkspaceSummary } from '@kinship/domain/wire';
import { useFormErrors } from '../../../shared/forms';
import { Button } from '../../../ui/Button';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { TextField } from '../../../ui/TextField';
import { createWorkspace } from '../api';
import { workspaceKeys } from '../queries';

const LABELS = { name: 'Workspace name' };

export function CreateWorkspaceForm({ onCreated }: { onCreated: (workspace: WorkspaceSummary) => void }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useFormErrors(LABELS);
  const queryClient = useQueryClient();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = form.check(CreateWorkspaceBody, { name });
    if (!body) return;
    setBusy(true);
    try {
      const workspace = await createWorkspace(body);
      await queryClient.invalidateQueries({ queryKey: workspaceKeys.all });
      onCreated(workspace);
    } catch (error) {
      form.fail(error);
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="create-workspace-title">
      <h2 id="create-workspace-title" className="card__title">
        Start a workspace
      </h2>
      <p className="muted">
        For counselors: make one workspace per couple. You will be its counselor, and you can then invite both partners.
      </p>
      <TextField
        label={LABELS.name}
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={form.fieldErrors.name}
        hint="Something you will both recognize, e.g. “Alex & Sam”."
        maxLength={120}
      />
      <ErrorNotice message={form.formError} />
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={busy} busyLabel="Creating…">
          Create workspace
        </Button>
      </div>
    </form>
  );
}
