import type { DocumentKind } from '@kinship/domain/rules';

/** The word for one document of each kind, for buttons and messages ("New agreement"). */
export const KIND_SINGULAR: Record<DocumentKind, string> = {
  agreement: 'agreement',
  notes: 'communication note',
  dialogue: 'session dialogue',
  'counselor-notes': 'private note',
  proposal: 'proposed change',
  draft: 'draft',
};
