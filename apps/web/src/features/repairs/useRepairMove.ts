import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RepairMoveBody, RepairsView, RepairView } from '@kinship/domain/wire';
import { moveRepair } from './api';
import { repairKeys } from './queries';

/** A move on the open repair, with the page read again afterwards; its error shown where it was made. */
export function useRepairMove(workspaceId: string, repairId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (move: RepairMoveBody) => moveRepair(repairId, move),
    onSuccess: (view: RepairView) => {
      queryClient.setQueryData<RepairsView>(repairKeys.workspace(workspaceId), (old) => (old && old.current?.id === view.id ? { ...old, current: view } : old));
      return queryClient.invalidateQueries({ queryKey: repairKeys.workspace(workspaceId) });
    },
  });
}
