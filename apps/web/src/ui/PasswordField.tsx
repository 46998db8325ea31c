import { useState } from 'react';
import { TextField, type TextFieldProps } from './TextField';

export interface PasswordFieldProps extends Omit<TextFieldProps, 'type'> {
  /**
   * The password one has ('current', the default), or one being chosen ('new': the browser may
   * suggest one, and the field says how long it must be unless given a hint of its own).
   */
  purpose?: 'current' | 'new';
}

const NEW_PASSWORD_HINT = 'At least 10 characters. A short sentence is easy to remember.';

/** A password input with a "Show password" switch, which helps a lot on a phone keyboard. */
export function PasswordField({ purpose = 'current', hint, ...props }: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  return (
    <div className="password-field">
      <TextField
        autoComplete={purpose === 'new' ? 'new-password' : 'current-password'}
        hint={hint ?? (purpose === 'new' ? NEW_PASSWORD_HINT : undefined)}
        {...props}
        type={visible ? 'text' : 'password'}
      />
      <label className="checkbox">
        <input type="checkbox" checked={visible} onChange={(event) => setVisible(event.target.checked)} />
        Show password
      </label>
    </div>
  );
}
