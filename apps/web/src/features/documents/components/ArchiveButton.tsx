import type { DocumentView } from '@kinship/domain';
import { Button } from '../../../ui/Button';
import { Notice } from '../../../ui/Notice';
import { useArchiveDocument } from '../hooks/useArchiveDocument';

export interface ArchiveButtonProps {
  document: DocumentView;
  /** "row": small buttons naming the document; "page": the notice's full-size restore button. */
  place: 'row' | 'page';
  onChanged?: (updated: DocumentView) => void;
}

/** Archive an active document, or restore an archived one; says so in place when it fails. */
export function ArchiveButton({ document, place, onChanged }: ArchiveButtonProps) {
  const { setArchived, busy, error } = useArchiveDocument(document, onChanged);
  const restoring = document.archived;
  const label = restoring ? (place === 'page' ? 'Restore document' : 'Restore') : 'Archive';
  return (
    <>
      <Button
        size={place === 'row' ? 'small' : 'normal'}
        variant={restoring ? 'secondary' : 'quiet'}
        onClick={() => setArchived(!restoring)}
        busy={busy}
        busyLabel={restoring ? 'Restoring…' : 'Archiving…'}
        aria-label={place === 'row' ? `${restoring ? 'Restore' : 'Archive'} “${document.title}”` : undefined}
      >
        {label}
      </Button>
      {error && (
        <Notice tone="error" live className={place === 'row' ? 'document-row__error' : undefined}>
          {error}
        </Notice>
      )}
    </>
  );
}
