import { BINDS_BOTH, newAgreementItem, type AgreementItem, type AgreementItemDraft } from './agreement-item';

export interface AgreementTemplate {
  id: 'blank' | 'rebuilding-trust';
  name: string;
  /** One sentence shown beside the choice. */
  description: string;
  items: readonly AgreementItemDraft[];
}

/**
 * The templates a couple may start an agreement from. The starter set follows the seed article
 * on rebuilding trust (openness and transparency, setting boundaries, patience, communication):
 * short, kind items in plain words, each binding both partners, meant to be rewritten together.
 */
export const AGREEMENT_TEMPLATES: readonly AgreementTemplate[] = [
  {
    id: 'blank',
    name: 'Blank',
    description: 'One empty item to write from scratch.',
    items: [{ title: '', text: '', binds: BINDS_BOTH, status: 'active' }],
  },
  {
    id: 'rebuilding-trust',
    name: 'Rebuilding trust: a starter set',
    description: 'Four first boundaries many couples begin with, to reword together.',
    items: [
      {
        title: 'Openness about phones and accounts',
        text:
          'We keep no secret accounts, and we do not hide our phones from each other.\n' +
          'If one of us asks to see a message, the other shows it without blame, and we talk about what worried us.',
        binds: BINDS_BOTH,
        status: 'active',
      },
      {
        title: 'Contact with the person involved',
        text:
          'Contact with the person involved stays at what work or family needs, and no more.\n' +
          'If they reach out, we tell each other the same day, in our own words.',
        binds: BINDS_BOTH,
        status: 'active',
      },
      {
        title: 'Checking in when late',
        text:
          'When plans change or we will be more than half an hour late, we send a short message to say so and when we expect to be home.\n' +
          'The one waiting answers kindly, and we talk about it later if it still hurts.',
        binds: BINDS_BOTH,
        status: 'active',
      },
      {
        title: 'How to ask for a time-out',
        text:
          'Either of us may ask for a time-out when a talk gets too heated, by saying "I need a time-out" and when we will come back.\n' +
          'We stop without a last word, take at least twenty minutes, and come back to finish the talk.',
        binds: BINDS_BOTH,
        status: 'active',
      },
    ],
  },
];

export function findAgreementTemplate(id: string): AgreementTemplate | undefined {
  return AGREEMENT_TEMPLATES.find((template) => template.id === id);
}

/** The template's items, each made now with its own fresh id. */
export function agreementItemsFromTemplate(template: AgreementTemplate): AgreementItem[] {
  return template.items.map((draft) => newAgreementItem(draft));
}
