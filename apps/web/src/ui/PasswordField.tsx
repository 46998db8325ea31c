import { useState } from 'react';
import { TextField, type TextFieldProps } from './TextField';

/** A password input with a "Show password" switch, which helps a lot on a phone keyboard. */
export function PasswordField(props: Omit<TextFieldProps, 'type'>) {
  const [visible, setVisible] = useState(false);
  return (
    <div className="password-field">
      <TextField {...props} type={visible ? 'text' : 'password'} />
      <label className="checkbox">
        <input type="checkbox" checked={visible} onChange={(event) => setVisible(event.target.checked)} />
        Show password
      </label>
    </div>
  );
}
