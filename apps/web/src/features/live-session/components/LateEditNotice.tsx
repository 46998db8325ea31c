import { Notice } from '../../../ui/Notice';

/** Words typed a moment before a live-session hold reached this screen were refused by the server: said gently. */
export function LateEditNotice() {
  return (
    <Notice tone="info" live className="taken-back">
      Your last words reached Kinship just as this document became read-only, so they weren't kept.
    </Notice>
  );
}
