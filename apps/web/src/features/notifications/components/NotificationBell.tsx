import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../shared/http';
import { formatDateTime } from '../../../ui/format';
import { useNotifications } from '../hooks/useNotifications';
import { bellLabel, notificationHref } from '../notifications-state';
import '../../../ui/button.css';
import './notifications.css';

/**
 * The bell in the app header: its name says how many are unread ("Notifications, 3 unread"), it
 * opens the newest notifications, each a link to its proposal or agreement (read once opened),
 * and "Mark all read". A disclosure: Tab moves from the bell into the list; Escape or a click
 * elsewhere closes it, and Escape brings the focus back to the bell.
 */
export function NotificationBell() {
  const { page, error, loading, markRead, markAllRead, marking } = useNotifications();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const headingId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const bell = useRef<HTMLButtonElement>(null);
  const unread = page?.unread ?? 0;

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (wrapper.current && !wrapper.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      bell.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="notifications" ref={wrapper}>
      <button
        ref={bell}
        type="button"
        className="icon-button notifications__bell"
        aria-label={bellLabel(unread)}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread > 0 && (
          <span className="notifications__count" aria-hidden="true" data-testid="notifications-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <section id={panelId} className="notifications__panel" aria-labelledby={headingId} hidden={!open}>
        <div className="notifications__top">
          <h2 id={headingId} className="notifications__title">
            Notifications
          </h2>
          <button type="button" className="button button--quiet button--small" onClick={markAllRead} disabled={unread === 0 || marking}>
            Mark all read
          </button>
        </div>
        {error ? (
          <p className="notifications__empty" role="alert">
            {errorMessage(error)}
          </p>
        ) : loading ? (
          <p className="notifications__empty">Reading your notifications…</p>
        ) : page && page.notifications.length === 0 ? (
          <p className="notifications__empty">Nothing yet. You'll hear here when someone proposes, comments or decides on an agreement.</p>
        ) : (
          <ul className="notifications__list">
            {page?.notifications.map((n) => (
              <li key={n.id} className={n.readAt ? 'notifications__item' : 'notifications__item notifications__item--unread'}>
                <Link
                  to={notificationHref(n)}
                  className="notifications__link"
                  onClick={() => {
                    if (!n.readAt) markRead([n.id]);
                    setOpen(false);
                  }}
                >
                  {!n.readAt && <span className="visually-hidden">Unread: </span>}
                  <span className="notifications__text">{n.text}</span>
                  <time className="notifications__when" dateTime={n.createdAt}>
                    {formatDateTime(n.createdAt)}
                  </time>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
