import { useState } from 'react';
import { DOCUMENT_KIND_INFO } from '@kinship/domain/rules';
import { type DocumentView } from '@kinship/domain/wire';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { Notice } from '../../../ui/Notice';
import { useArchiveDocument } from '../hooks/useArchiveDocument';
import './documents.css';

export interface ArchiveButtonProps {
  document: DocumentView;
  /** "row": small buttons naming the document; "page": the notice's full-size restore button. */
  place: 'row' | 'page';
  onChanged?: (updated: DocumentView) => void;
}

/**
 * Archive an active document (a shared one only once confirmed), or restore an archived one; says
 * so in place when it fails.
 */
export function ArchiveButton({ document, place, onChanged }: ArchiveButtonProps) {
  const { setArchived, busy, error } = useArchiveDocument(document, onChanged);
  const restoring = document.archived;
  const label = restoring ? (place === 'page' ? 'Restore document' : 'Restore') : 'Archive';
  const [confirming, setConfirming] = useState(false);
  const shared = !DOCUMENT_KIND_INFO[document.kind].counselorOnly;
  return (
    <>
      <Button
        size={place === 'row' ? 'small' : 'normal'}
        variant={restoring ? 'secondary' : 'quiet'}
        onClick={() => (!restoring && shared ? setConfirming(true) : setArchived(!restoring))}
        busy={busy}
        busyLabel={restoring ? 'Restoring…' : 'Archiving…'}
        aria-label={place === 'row' ? `${restoring ? 'Restore' : 'Archive'} “${document.title}”` : undefined}
      >
        {label}
      </Button>
      <ConfirmDialog
        open={confirming}
        title={`Archive “${document.title}”?`}
        confirmLabel="Archive"
        cancelLabel="Keep it open"
        onConfirm={() => {
          setConfirming(false);
          setArchived(true);
        }}
        onCancel={() => setConfirming(false)}
      >
        <p>No one can edit it until someone restores it. Everyone in the workspace sees that you archived it.</p>
      </ConfirmDialog>
      {error && (
        <Notice tone="error" live className={place === 'row' ? 'document-row__error' : undefined}>
          {error}
        </Notice>
      )}
    </>
  );
}
