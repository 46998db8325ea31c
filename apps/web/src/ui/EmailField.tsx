import { TextField, type TextFieldProps } from './TextField';

/** An email address: the keyboard and autofill for one, and required. */
export function EmailField(props: Omit<TextFieldProps, 'type'>) {
  return <TextField type="email" autoComplete="email" inputMode="email" required {...props} />;
}
