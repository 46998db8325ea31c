import type { Role } from '../rules/role';

/**
 * Who a presence (awareness) state says it is. The client sends its own, but the server
 * overwrites every field of it from the connection's session before anyone else sees it, so no
 * one can appear as someone else. The caret extension reads `user`.
 */
export interface PresenceIdentity {
  accountId: string;
  name: string;
  role: Role;
  color: string;
}

/** The awareness field that carries the identity. */
export const PRESENCE_IDENTITY_FIELD = 'user';
