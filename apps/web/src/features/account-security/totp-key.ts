/** A key to type by hand, in groups of four ("Z3V3 HG5R 4AWA …"), as authenticator apps accept it. */
export function groupedKey(secret: string): string {
  return secret.replace(/\s+/g, '').match(/.{1,4}/g)?.join(' ') ?? '';
}
