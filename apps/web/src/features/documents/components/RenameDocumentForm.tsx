import { useState, type FormEvent, type ReactNode } from 'react';
import { UpdateDocumentBody, type DocumentView } from '@kinship/domain';
import { useFormErrors } from '../../../shared/forms';
import { Button } from '../../../ui/Button';
import { ErrorNotice } from '../../../ui/ErrorNotice';
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

  async function save(event: FormEvent) {
    event.preventDefault();
    const body = form.check(UpdateDocumentBody, { title });
    if (!body) return;
    setBusy(true);
    try {
      onRenamed(await updateDocument(document.id, body));
    } catch (error) {
      form.fail(error);
    } finally {
      setBusy(false);
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
    </form>
  );
}
