import type { ReactNode, Ref, SelectHTMLAttributes } from 'react';
import { Field } from './Field';

export interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  /** A sentence under the field (the chosen option explained, say). */
  hint?: ReactNode;
  error?: string;
  ref?: Ref<HTMLSelectElement>;
  /** The options. */
  children: ReactNode;
}

/** A labelled choice from a list, with its hint and error wired for screen readers. */
export function SelectField({ label, hint, error, id, ref, children, ...select }: SelectFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} id={id}>
      {(control) => (
        <select ref={ref} className="field__input" {...control} {...select}>
          {children}
        </select>
      )}
    </Field>
  );
}
