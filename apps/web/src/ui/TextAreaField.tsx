import type { Ref, TextareaHTMLAttributes } from 'react';
import { Field } from './Field';

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
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => (
        <textarea
          ref={ref}
          className={['field__input', 'field__textarea', className ?? ''].filter(Boolean).join(' ')}
          {...control}
          {...textarea}
        />
      )}
    </Field>
  );
}
