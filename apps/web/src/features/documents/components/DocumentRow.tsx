import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { can, UpdateDocumentBody, type DocumentView, type Role } from '@kinship/domain';
import { useFormErrors } from '../../../app/forms';
import { Button } from '../../../ui/Button';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { formatDate } from '../../../ui/format';
import { Notice } from '../../../ui/Notice';
import { TextField } from '../../../ui/TextField';
import { updateDocument } from '../api';

const LABELS = { title: 'New title' };

export interface DocumentRowProps {
  document: DocumentView;
  role: Role;
  onChanged: (document: DocumentView) => void;
}

/** One document in the list: open it, rename it, archive it or restore it. */
export function DocumentRow({ document, role, onChanged }: DocumentRowProps) {
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(document.title);
  const [busy, setBusy] = useState<'rename' | 'archive' | null>(null);
  const [archiveError, setArchiveError] = useState<string | null>(null);
  const form = useFormErrors(LABELS);
  const mayRename = can({ role }, { type: 'document.rename', document });
  const mayArchive = can({ role }, { type: 'document.archive', document });

  async function rename(event: FormEvent) {
    event.preventDefault();
    const body = form.check(UpdateDocumentBody, { title });
    if (!body) return;
    setBusy('rename');
    try {
      onChanged(await updateDocument(document.id, body));
      setRenaming(false);
    } catch (error) {
      form.fail(error);
    } finally {
      setBusy(null);
    }
  }

  async function setArchived(archived: boolean) {
    setBusy('archive');
    setArchiveError(null);
    try {
      onChanged(await updateDocument(document.id, { archived }));
    } catch (error) {
      setArchiveError(error instanceof Error ? error.message : 'That did not work. Please try again.');
      setBusy(null);
    }
  }

  const href = `/workspaces/${document.workspaceId}/documents/${document.id}`;
  return (
    <li className="document-row" data-document-id={document.id}>
      {renaming ? (
        <form className="document-row__rename" onSubmit={rename} noValidate>
          <TextField
            label={`${LABELS.title} for “${document.title}”`}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            error={form.fieldErrors.title}
            autoFocus
            maxLength={200}
          />
          <ErrorNotice message={form.formError} />
          <div className="form__actions">
            <Button type="submit" variant="primary" size="small" busy={busy === 'rename'} busyLabel="Saving…">
              Save title
            </Button>
            <Button
              size="small"
              variant="quiet"
              onClick={() => {
                setRenaming(false);
                setTitle(document.title);
                form.clear();
              }}
            >
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <>
          <div className="document-row__main">
            <Link to={href} className="document-row__title">
              {document.title}
            </Link>
            <span className="document-row__meta">
              {document.archived ? 'Archived' : 'Updated'} {formatDate(document.updatedAt)}
            </span>
          </div>
          <div className="document-row__actions">
            {document.archived ? (
              mayArchive && (
                <Button
                  size="small"
                  onClick={() => setArchived(false)}
                  busy={busy === 'archive'}
                  busyLabel="Restoring…"
                  aria-label={`Restore “${document.title}”`}
                >
                  Restore
                </Button>
              )
            ) : (
              <>
                {mayRename && (
                  <Button
                    size="small"
                    variant="quiet"
                    onClick={() => {
                      setTitle(document.title);
                      setRenaming(true);
                    }}
                    aria-label={`Rename “${document.title}”`}
                  >
                    Rename
                  </Button>
                )}
                {mayArchive && (
                  <Button
                    size="small"
                    variant="quiet"
                    onClick={() => setArchived(true)}
                    busy={busy === 'archive'}
                    busyLabel="Archiving…"
                    aria-label={`Archive “${document.title}”`}
                  >
                    Archive
                  </Button>
                )}
              </>
            )}
          </div>
          {archiveError && (
            <Notice tone="error" live className="document-row__error">
              {archiveError}
            </Notice>
          )}
        </>
      )}
    </li>
  );
}
