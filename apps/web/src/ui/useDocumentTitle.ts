import { useEffect } from 'react';

/** Sets the browser tab's title, so each page is named for screen readers and history. */
export function useDocumentTitle(title: string | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · Kinship` : 'Kinship';
  }, [title]);
}
