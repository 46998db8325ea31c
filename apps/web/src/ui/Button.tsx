import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';
import './button.css';

export type ButtonVariant = 'primary' | 'secondary' | 'quiet' | 'danger';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  /** Shows the button as working and ignores clicks; the label says what is happening. */
  busy?: boolean;
  busyLabel?: ReactNode;
  size?: 'normal' | 'small';
  ref?: Ref<HTMLButtonElement>;
}

export function Button({
  variant = 'secondary',
  busy = false,
  busyLabel,
  size = 'normal',
  className,
  children,
  disabled,
  type = 'button',
  ...rest
}: ButtonProps) {
  const classes = ['button', `button--${variant}`, size === 'small' ? 'button--small' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <button type={type} className={classes} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy && busyLabel ? busyLabel : children}
    </button>
  );
}
