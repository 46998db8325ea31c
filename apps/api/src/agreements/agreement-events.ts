import type { NotificationKind } from '@kinship/domain';

/**
 * Emitted (and awaited) after something a member did to an agreement or a proposal has been
 * committed: notifications listen. `proposalId` is null when it is about the agreement alone.
 */
export const AGREEMENT_ACTIVITY = 'agreement.activity';
export interface AgreementActivity {
  kind: NotificationKind;
  actorId: string;
  agreementId: string;
  proposalId: string | null;
  /** For a withdrawn acceptance: whose acceptance the edit withdrew. */
  about?: string;
}
