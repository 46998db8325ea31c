import { ReactNodeViewRenderer } from '@tiptap/react';
import { AgreementItem, AgreementItemTitle } from './agreement-nodes';
import { AgreementItemView } from './AgreementItemView';

/** The Tiptap extensions that make a document an agreement of numbered item cards. */
export const agreementExtensions = [
  AgreementItem.extend({
    addNodeView() {
      return ReactNodeViewRenderer(AgreementItemView, { className: 'agreement-item-view' });
    },
  }),
  AgreementItemTitle,
];
