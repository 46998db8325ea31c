import { useEffect, useId, useRef } from 'react';
import { Button } from '../../../ui/Button';
import { useIdleLogout } from '../hooks/useIdleLogout';
import './security.css';

/**
 * A minute before an idle login ends: "You'll be signed out in 60 s — Stay signed in". Announced
 * once as it appears (an alert dialog), the button takes the focus, and the focus goes back where
 * it was once the person stays.
 */
export function IdleWarning({ enabled }: { enabled: boolean }) {
  const { warningSeconds, staySignedIn } = useIdleLogout(enabled);
  const titleId = useId();
  const bodyId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const showing = warningSeconds !== null;

  useEffect(() => {
    if (!showing) return;
    returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    buttonRef.current?.focus();
    return () => returnTo.current?.focus();
  }, [showing]);

  if (!showing) return null;
  return (
    <div className="idle-warning" role="alertdialog" aria-labelledby={titleId} aria-describedby={bodyId}>
      <p id={titleId} className="idle-warning__title">
        You'll be signed out in <span className="idle-warning__seconds">{warningSeconds}</span> s
      </p>
      <p id={bodyId} className="idle-warning__body">
        Nothing has happened here for a while. Anything you haven't sent yet stays on this device.
      </p>
      <Button ref={buttonRef} variant="primary" onClick={staySignedIn}>
        Stay signed in
      </Button>
    </div>
  );
}
