import { queryOptions } from '@tanstack/react-query';
import { fetchLogins, fetchTotpStatus } from './api';

export const securityKeys = {
  logins: ['me', 'logins'] as const,
  totp: ['me', 'totp'] as const,
};

export const loginsQuery = () => queryOptions({ queryKey: securityKeys.logins, queryFn: ({ signal }) => fetchLogins(signal) });

export const totpStatusQuery = () => queryOptions({ queryKey: securityKeys.totp, queryFn: ({ signal }) => fetchTotpStatus(signal) });
