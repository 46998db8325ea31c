import { useId, type ReactNode } from 'react';
import './forms.css';

/** What a field's control needs to be read with its label, hint and error. */
export interface FieldControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

export interface FieldProps {
  label: string;
  /** A sentence under the field that helps before anything goes wrong. */
  hint?: ReactNode;
  /** What is wrong with the value, in words; shown under the field and read out with it. */
  error?: string;
  /** Hide the label visually but keep it for screen readers (a label elsewhere says the same). */
  hideLabel?: boolean;
  /** The control's id, when something else names it; by default one of its own. */
  id?: string;
  className?: string;
  /** The control (an input, a text box, a select), given the props that tie it to the label, hint and error. */
  children: (control: FieldControlProps) => ReactNode;
}

/** One labelled form field: the label, the control, and its error and hint wired for screen readers. */
export function Field({ label, hint, error, hideLabel = false, id: givenId, className, children }: FieldProps) {
  const ownId = useId();
  const id = givenId ?? ownId;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', error ? 'field--invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : 'field__label'}>
        {label}
      </label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
    </div>
  );
}
