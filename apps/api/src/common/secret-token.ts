import { createHash, randomBytes } from 'node:crypto';

/**
 * Secrets handed to a person (a session cookie, an invite link): 256 random bits, and only their
 * SHA-256 is ever stored, so a copy of the database opens nothing.
 */
export const newSecretToken = () => randomBytes(32).toString('base64url');

export const hashSecretToken = (token: string) => createHash('sha256').update(token).digest('hex');
