import { useEffect, useRef } from 'react';
import type { DocumentView } from '@kinship/domain/wire';
import { fetchDocument } from '../api';

/**
 * An agreement is archived by both partners on its own page (one asks, the other confirms): once
 * the agreement says it is archived (or restored), this page reads the document again, so both
 * open pages say so, not only the one that confirmed.
 */
export function useArchivedWithAgreement(document: DocumentView, agreementArchived: boolean | undefined, onChanged: (document: DocumentView) => void) {
  const changed = useRef(onChanged);
  useEffect(() => {
    changed.current = onChanged;
  });
  useEffect(() => {
    if (agreementArchived === undefined || agreementArchived === document.archived) return;
    let current = true;
    fetchDocument(document.id).then(
      (fresh) => current && changed.current(fresh),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [agreementArchived, document.archived, document.id]);
}
