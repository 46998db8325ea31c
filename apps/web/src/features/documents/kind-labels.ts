import type { DocumentKind } from '@kinship/domain';

/** The word for one document of each kind, for buttons and messages ("New agreement"). */
export const KIND_SINGULAR: Record<DocumentKind, string> = {
  agreement: 'agreement',
  notes: 'communication note',
  'counselor-notes': 'private note',
};
