import { useState } from 'react';
import { Link } from 'react-router-dom';
import { can, type DocumentView, type Role } from '@kinship/domain';
import { Button } from '../../../ui/Button';
import { formatDate } from '../../../ui/format';
import { Notice } from '../../../ui/Notice';
import { updateDocument } from '../api';
import { RenameDocumentForm } from './RenameDocumentForm';

export interface DocumentRowProps {
  document: DocumentView;
  role: Role;
  onChanged: (document: DocumentView) => void;
}

/** One document in the list: open it, rename it, archive it or restore it. */
export function DocumentRow({ document, role, onChanged }: DocumentRowProps) {
  const [renaming, setRenaming] = useState(false);
  const [archiving, setArchiving] = useState(false);
  const [archiveError, setArchiveError] = useState<string | null>(null);
  const mayRename = can({ role }, { type: 'document.rename', document });
  const mayArchive = can({ role }, { type: 'document.archive', document });

  async function setArchived(archived: boolean) {
    setArchiving(true);
    setArchiveError(null);
    try {
      onChanged(await updateDocument(document.id, { archived }));
    } catch (error) {
      setArchiveError(error instanceof Error ? error.message : 'That did not work. Please try again.');
      setArchiving(false);
    }
  }

  const href = `/workspaces/${document.workspaceId}/documents/${document.id}`;
  return (
    <li className="document-row" data-document-id={document.id}>
      {renaming ? (
        <RenameDocumentForm
          document={document}
          label={`New title for “${document.title}”`}
          fieldName="New title"
          className="document-row__rename"
          onRenamed={(updated) => {
            onChanged(updated);
            setRenaming(false);
          }}
          onCancel={() => setRenaming(false)}
        />
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
                  busy={archiving}
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
                    onClick={() => setRenaming(true)}
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
                    busy={archiving}
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
