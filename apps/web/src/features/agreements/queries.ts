import { queryOptions } from '@tanstack/react-query';
import { compareVersions, fetchAgreement, fetchProposal, fetchVersion, listVersions } from './api';

/**
 * The cache keys of this feature, defined once. What the others do arrives at once with each
 * notification (the notifications feature reads the agreement again), and, as a fallback, by
 * reading again every few seconds while a page is open.
 */
export const agreementKeys = {
  all: ['agreements'] as const,
  agreement: (id: string) => [...agreementKeys.all, id] as const,
  proposal: (agreementId: string, id: string) => [...agreementKeys.agreement(agreementId), 'proposal', id] as const,
  versions: (agreementId: string) => [...agreementKeys.agreement(agreementId), 'versions'] as const,
  version: (agreementId: string, number: number) => [...agreementKeys.versions(agreementId), 'version', number] as const,
  compare: (agreementId: string, from: number, to: number) => [...agreementKeys.versions(agreementId), from, to] as const,
};

const EVERY_FEW_SECONDS = 2000;

export const agreementQuery = (id: string) =>
  queryOptions({ queryKey: agreementKeys.agreement(id), queryFn: ({ signal }) => fetchAgreement(id, signal), refetchInterval: EVERY_FEW_SECONDS });

export const proposalQuery = (agreementId: string, id: string) =>
  queryOptions({
    queryKey: agreementKeys.proposal(agreementId, id),
    queryFn: ({ signal }) => fetchProposal(agreementId, id, signal),
    refetchInterval: EVERY_FEW_SECONDS,
  });

export const versionsQuery = (agreementId: string) =>
  queryOptions({ queryKey: agreementKeys.versions(agreementId), queryFn: ({ signal }) => listVersions(agreementId, signal) });

export const compareQuery = (agreementId: string, from: number, to: number) =>
  queryOptions({ queryKey: agreementKeys.compare(agreementId, from, to), queryFn: ({ signal }) => compareVersions(agreementId, from, to, signal) });

/** A version in force never changes: read once. */
export const versionQuery = (agreementId: string, number: number) =>
  queryOptions({ queryKey: agreementKeys.version(agreementId, number), queryFn: ({ signal }) => fetchVersion(agreementId, number, signal), staleTime: Infinity });
