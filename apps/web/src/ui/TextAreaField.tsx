import { useId, type Ref, type TextareaHTMLAttributes } from 'react';
import './forms.css';

export interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  label: string;
  /** A sentence under the field that helps before anything goes wrong. */
  hint?: string;
  /** What is wrong with the value, in words; shown under the field and read out with it. */
  error?: string;
  ref?: Ref<HTMLTextAreaElement>;
}

/** TextField's multi-line sibling: a labelled text box with its hint and error wired for screen readers. */
export function TextAreaField({ label, hint, error, ref, className, ...textarea }: TextAreaFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', error ? 'field--invalid' : ''].filter(Boolean).join(' ')}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <textarea
        ref={ref}
        id={id}
        className={['field__input', 'field__textarea', className ?? ''].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...textarea}
      />
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
