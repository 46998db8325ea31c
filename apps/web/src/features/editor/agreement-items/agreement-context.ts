import { createContext, useContext } from 'react';
import type { MemberView } from '@kinship/domain/wire';

export interface AgreementEditorContextValue {
  /** The workspace's partners, for the "Binds" choice (the counselor is never bound by an item). */
  partners: MemberView[];
  /** The account looking at the agreement, to say "you" beside their own name. */
  myAccountId: string;
  /** False when the document is read-only (archived, or held by a live session). */
  editable: boolean;
}

export const AgreementEditorContext = createContext<AgreementEditorContextValue>({
  partners: [],
  myAccountId: '',
  editable: false,
});

/** Item node views render inside EditorContent's portals, so they read this context. */
export function useAgreementEditor(): AgreementEditorContextValue {
  return useContext(AgreementEditorContext);
}
