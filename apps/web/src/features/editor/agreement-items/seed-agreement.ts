import type * as Y from 'yjs';
import { AGREEMENT_FRAGMENT, agreementItemsFromTemplate, findAgreementTemplate, readAgreement, writeAgreementItems } from '@kinship/domain/agreements';
import { takeAgreementTemplate } from './pending-template';

/**
 * Writes the template chosen for this document into it, in one transaction, if one was chosen
 * here and the document holds no agreement yet (at most an empty paragraph the editor left).
 * Returns true when it wrote.
 */
export function seedPendingAgreement(documentId: string, doc: Y.Doc): boolean {
  const templateId = takeAgreementTemplate(documentId);
  const template = templateId ? findAgreementTemplate(templateId) : undefined;
  if (!template) return false;
  const fragment = doc.getXmlFragment(AGREEMENT_FRAGMENT);
  let wrote = false;
  doc.transact(() => {
    if (readAgreement(fragment).length > 0) return;
    fragment.delete(0, fragment.length);
    writeAgreementItems(fragment, agreementItemsFromTemplate(template));
    wrote = true;
  });
  return wrote;
}
