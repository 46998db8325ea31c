import type { ReactNode } from 'react';
import { Loading } from './Loading';

/** A page of its own with one thing in the middle, outside the app shell (while the account is read, say). */
export function CenteredPage({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="page page--center">
      {children}
    </main>
  );
}

/** A page of its own that is still being read. */
export function LoadingPage() {
  return (
    <CenteredPage>
      <Loading />
    </CenteredPage>
  );
}
