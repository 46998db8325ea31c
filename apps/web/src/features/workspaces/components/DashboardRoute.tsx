import { useAccount } from '../../auth/hooks/useAccount';
import { DashboardPage } from './DashboardPage';

export default function DashboardRoute() {
  const account = useAccount();
  return <DashboardPage displayName={account.displayName} />;
}
