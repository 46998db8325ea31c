import type { ReactNode } from 'react';

/** The quiet frame around the log-in and register pages. */
export function AuthLayout({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <main id="main" className="auth-layout">
      <div className="auth-layout__brand" aria-hidden="true">
        <img src="/favicon.svg" alt="" width={40} height={40} />
        <span>Kinship</span>
      </div>
      <section className="card auth-layout__card" aria-labelledby="auth-title">
        <h1 id="auth-title" className="auth-layout__title">
          {title}
        </h1>
        {intro && <div className="auth-layout__intro">{intro}</div>}
        {children}
      </section>
      <p className="auth-layout__footer">A private, shared space for you, your partner and your counselor.</p>
    </main>
  );
}
