import argon2 from 'argon2';

/** Password hashing: argon2id with the library's defaults (64 MiB, t=3, p=4). */
export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

export const verifyPassword = async (hash: string, password: string) => {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
};

/** A hash of a random password, checked when the email is unknown so both paths take the same time. */
let decoy: Promise<string> | null = null;
export const decoyHash = () => (decoy ??= hashPassword('decoy-password-never-matches'));
