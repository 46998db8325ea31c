import { describeWriteHold, type WriteHold } from '@kinship/domain/rules';
import { LockIcon } from '../../../ui/icons';
import { useLiveSession } from '../live-session-context';
import './write-hold.css';

/**
 * Why the editor is read-only right now, in plain words, right above it. Not a failure: reading
 * is what the moment asks for. The status region is always there, so the change is announced.
 */
export function WriteHoldNotice({ hold }: { hold: WriteHold | null }) {
  const live = useLiveSession();
  const text = hold && live ? describeWriteHold(hold, live.nameOf) : '';
  return (
    <div className={`write-hold${text ? ' write-hold--on' : ''}`} role="status" data-hold={hold?.kind ?? 'none'}>
      {text && (
        <p className="write-hold__text">
          <LockIcon />
          <span>
            {text}. <span className="write-hold__more">You can read along; the document opens again by itself.</span>
          </span>
        </p>
      )}
    </div>
  );
}
