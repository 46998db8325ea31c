import { useContext, useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from './Button';
import { ModalCornerContext } from './ModalCorner';
import './confirm-dialog.css';

export interface ConfirmDialogProps {
  open: boolean;
  /** The question, as a sentence that names what happens ("Withdraw this invite?"). */
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  busyLabel?: string;
  /**
   * "danger" (red) for what loses something (removing, ending, deleting); "primary" for a change
   * that is only confirmed because everyone sees it (a new title): nothing about it is alarming.
   */
  tone?: 'danger' | 'primary';
}

/**
 * Asks before something that cannot be undone, or that everyone will see. A modal <dialog>: focus stays inside, Escape
 * cancels, and the safe choice has the focus first; focus returns where it was after closing.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel,
  onConfirm,
  onCancel,
  busy = false,
  busyLabel,
  tone = 'danger',
}: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const corner = useContext(ModalCornerContext);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      aria-describedby={children ? bodyId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      {open && (
        <>
          <h2 id={titleId} className="confirm-dialog__title">
            {title}
          </h2>
          {children && (
            <div id={bodyId} className="confirm-dialog__body">
              {children}
            </div>
          )}
          <div className="form__actions confirm-dialog__actions">
            <Button variant="secondary" onClick={onCancel} disabled={busy} autoFocus>
              {cancelLabel}
            </Button>
            <Button variant={tone} onClick={onConfirm} busy={busy} busyLabel={busyLabel}>
              {confirmLabel}
            </Button>
          </div>
          {corner}
        </>
      )}
    </dialog>
  );
}
