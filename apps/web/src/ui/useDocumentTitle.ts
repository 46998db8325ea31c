import { useEffect } from 'react';
import { tabTitle, type PageTitle } from './page-title';

/** Sets the browser tab's title: the kind of page only (see page-title.ts: it stays in history). */
export function useDocumentTitle(title: PageTitle | undefined) {
  useEffect(() => {
    document.title = tabTitle(title);
  }, [title]);
}
