import { useId, type ReactNode } from 'react';
import './card-layout.css';

export interface CardLayoutProps {
  title: string;
  intro?: ReactNode;
  /** A line under the card. */
  footer?: ReactNode;
  children: ReactNode;
}

/** The quiet frame for a page outside the app shell: the brand on top, one titled card, a line under it. */
export function CardLayout({ title, intro, footer, children }: CardLayoutProps) {
  const titleId = useId();
  return (
    <main id="main" className="auth-layout">
      <div className="auth-layout__brand" aria-hidden="true">
        <img src="/favicon.svg" alt="" width={40} height={40} />
        <span>Kinship</span>
      </div>
      <section className="card auth-layout__card" aria-labelledby={titleId}>
        <h1 id={titleId} className="auth-layout__title">
          {title}
        </h1>
        {intro && <div className="auth-layout__intro">{intro}</div>}
        {children}
      </section>
      {footer && <p className="auth-layout__footer">{footer}</p>}
    </main>
  );
}
