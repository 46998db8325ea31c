import { queryOptions } from '@tanstack/react-query';
import { fetchSessions, fetchTotpStatus } from './api';

export const securityKeys = {
  sessions: ['me', 'sessions'] as const,
  totp: ['me', 'totp'] as const,
};

export const sessionsQuery = () => queryOptions({ queryKey: securityKeys.sessions, queryFn: ({ signal }) => fetchSessions(signal) });

export const totpStatusQuery = () => queryOptions({ queryKey: securityKeys.totp, queryFn: ({ signal }) => fetchTotpStatus(signal) });
