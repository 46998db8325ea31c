import { Link } from 'react-router-dom';
import type { Role } from '@kinship/domain/rules';
import { useJointWork } from '../hooks';
import '../safety.css';

/**
 * On every page of a workspace while the counselor has paused joint work: the same neutral words
 * for both partners (no reason, no name, no time). The counselor also gets the way to resume it.
 */
export function JointWorkBanner({ workspaceId, role }: { workspaceId: string; role: Role | null }) {
  const jointWork = useJointWork(workspaceId, role !== null);
  if (!jointWork?.paused) return null;
  return (
    <div className="joint-work-banner" role="status">
      <p>{jointWork.words}</p>
      {role === 'counselor' && (
        <p>
          <Link to={`/workspaces/${workspaceId}/safety`}>Resume it on the safety page</Link>
        </p>
      )}
    </div>
  );
}
