import type { ReactNode } from 'react';
import './notice.css';

export interface NoticeProps {
  tone?: 'info' | 'error' | 'success' | 'private';
  title?: string;
  children?: ReactNode;
  /** Announce the notice when it appears (errors after an action, confirmations). */
  live?: boolean;
  className?: string;
}

/** A calm box of text: an error after an action, a note about the page, a confirmation. */
export function Notice({ tone = 'info', title, children, live = false, className }: NoticeProps) {
  const role = live ? (tone === 'error' ? 'alert' : 'status') : undefined;
  return (
    <div className={['notice', `notice--${tone}`, className ?? ''].filter(Boolean).join(' ')} role={role}>
      {title && <p className="notice__title">{title}</p>}
      {children && <div className="notice__body">{children}</div>}
    </div>
  );
}
