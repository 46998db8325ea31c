import type { InputHTMLAttributes, Ref } from 'react';
import { Field } from './Field';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  /** A sentence under the field that helps before anything goes wrong. */
  hint?: string;
  /** What is wrong with the value, in words; shown under the field and read out with it. */
  error?: string;
  ref?: Ref<HTMLInputElement>;
  /** Hide the label visually but keep it for screen readers (a label elsewhere says the same). */
  hideLabel?: boolean;
}

export function TextField({ label, hint, error, hideLabel = false, className, ref, ...input }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} hideLabel={hideLabel} className={className}>
      {(control) => <input ref={ref} className="field__input" {...control} {...input} />}
    </Field>
  );
}
