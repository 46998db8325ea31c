import type { ReactNode } from 'react';
import { CardLayout } from '../../../ui/CardLayout';
import { QuickExitButton } from '../../quick-exit/QuickExit';

/** The quiet frame around the log-in and register pages. */
export function AuthLayout({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <>
      <QuickExitButton />
      <CardLayout title={title} intro={intro} footer="A private, shared space for you, your partner and your counselor.">
        {children}
      </CardLayout>
    </>
  );
}
