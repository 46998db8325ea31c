import { useMutation } from '@tanstack/react-query';
import type { DocumentView } from '@kinship/domain/wire';
import { errorMessage } from '../../../shared/http';
import { updateDocument } from '../api';
import { useDocumentChanged } from '../queries';

/**
 * Archiving and restoring a document: the one action behind the list row's buttons and the
 * document page's notice. The confirmed record goes to every cache that holds the document.
 */
export function useArchiveDocument(document: DocumentView, onChanged?: (updated: DocumentView) => void) {
  const documentChanged = useDocumentChanged();
  const mutation = useMutation({
    mutationFn: (archived: boolean) => updateDocument(document.id, { archived }),
    onSuccess: (updated) => {
      documentChanged(updated);
      onChanged?.(updated);
    },
  });
  return {
    setArchived: (archived: boolean) => mutation.mutate(archived),
    busy: mutation.isPending,
    error: mutation.error ? errorMessage(mutation.error) : null,
  };
}
