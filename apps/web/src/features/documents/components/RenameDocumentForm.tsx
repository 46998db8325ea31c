import { useState, type FormEvent, type ReactNode } from 'react';
import { DOCUMENT_KIND_INFO } from '@kinship/domain/rules';
import { UpdateDocumentBody, type DocumentView } from '@kinship/domain/wire';
import { useFormErrors } from '../../../shared/forms';
import { Button } from '../../../ui/Button';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { TextField } from '../../../ui/TextField';
import { updateDocument } from '../api';

export interface RenameDocumentFormProps {
  document: DocumentView;
  /** The input's label, e.g. "Title". */
  label: string;
  /** How an error names the field ("New title is required."); the label when not given. */
  fieldName?: string;
  className: string;
  onRenamed: (document: DocumentView) => void;
  onCancel: () => void;
  /** Anything that must stay in the form while it is open (e.g. the page's hidden heading). */
  children?: ReactNode;
}

/** A document's title, editable: checked with the shared rules, then saved. Starts from the current title. */
export function RenameDocumentForm({
  document,
  label,
  fieldName = label,
  className,
  onRenamed,
  onCancel,
  children,
}: RenameDocumentFormProps) {
  const [title, setTitle] = useState(document.title);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors({ title: fieldName });

  // A shared document's new title is everyone's: asked once more before it is saved.
  const [confirming, setConfirming] = useState<UpdateDocumentBody | null>(null);
  const shared = !DOCUMENT_KIND_INFO[document.kind].counselorOnly;

  async function save(event: FormEvent) {
    event.preventDefault();
    const body = form.check(UpdateDocumentBody, { title });
    if (!body) return;
    if (body.title === document.title) return onCancel();
    if (shared) setConfirming(body);
    else await commit(body);
  }

  async function commit(body: UpdateDocumentBody) {
    setBusy(true);
    try {
      onRenamed(await updateDocument(document.id, body));
    } catch (error) {
      form.fail(error);
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  }

  return (
    <form className={className} onSubmit={save} noValidate>
      {children}
      <TextField
        label={label}
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        error={form.fieldErrors.title}
        autoFocus
        maxLength={200}
      />
      <ErrorNotice message={form.formError} />
      <div className="form__actions">
        <Button type="submit" variant="primary" size="small" busy={busy} busyLabel="Saving…">
          Save title
        </Button>
        <Button size="small" variant="quiet" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      <ConfirmDialog
        open={confirming !== null}
        title={`Rename “${document.title}” to “${confirming?.title ?? ''}”?`}
        confirmLabel="Rename"
        cancelLabel="Keep the old title"
        onConfirm={() => confirming && void commit(confirming)}
        onCancel={() => setConfirming(null)}
        busy={busy}
        busyLabel="Renaming…"
        tone="primary"
      >
        <p>Everyone in the workspace sees the new title, and that you renamed it.</p>
      </ConfirmDialog>
    </form>
  );
}
