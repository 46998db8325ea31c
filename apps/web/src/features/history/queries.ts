import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { fetchAuthorship, fetchHistory, fetchHistoryPoint } from './api';

/** The cache keys of this feature. History is read when the panel opens, never kept long. */
export const historyKeys = {
  all: ['history'] as const,
  authorship: (documentId: string) => [...historyKeys.all, 'authorship', documentId] as const,
  list: (documentId: string) => [...historyKeys.all, 'list', documentId] as const,
  point: (documentId: string, editId: string) => [...historyKeys.all, 'point', documentId, editId] as const,
};

export const authorshipQuery = (documentId: string) =>
  queryOptions({ queryKey: historyKeys.authorship(documentId), queryFn: ({ signal }) => fetchAuthorship(documentId, signal), staleTime: 0 });

export const historyQuery = (documentId: string) =>
  infiniteQueryOptions({
    queryKey: historyKeys.list(documentId),
    queryFn: ({ pageParam, signal }) => fetchHistory(documentId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
    staleTime: 0,
  });

export const historyPointQuery = (documentId: string, editId: string) =>
  queryOptions({ queryKey: historyKeys.point(documentId, editId), queryFn: ({ signal }) => fetchHistoryPoint(documentId, editId, signal) });
