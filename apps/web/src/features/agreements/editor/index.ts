import { AgreementItem, AgreementItemTitle } from './agreement-nodes';

/** The Tiptap extensions that make a document an agreement of numbered items. */
export const agreementExtensions = [AgreementItem, AgreementItemTitle];

export { AgreementEditorContext, type AgreementEditorContextValue } from './agreement-context';
export { AddAgreementItem } from './AgreementEditorExtras';
export { rememberAgreementTemplate } from './pending-template';
export { useSeedAgreement } from './useSeedAgreement';
