import { useAccount } from '../../features/auth/hooks/useAccount';
import { DashboardPage } from '../../features/workspaces/components/DashboardPage';

export default function DashboardRoute() {
  const account = useAccount();
  return <DashboardPage displayName={account.displayName} />;
}
