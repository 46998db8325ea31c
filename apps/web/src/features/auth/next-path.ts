/**
 * Where to go after logging in or registering: a path inside this app only (never another site),
 * taken from ?next= so an invite link survives the detour through the login page.
 */
export function nextPathFrom(search: string): string {
  const next = new URLSearchParams(search).get('next');
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

export function withNext(path: '/login' | '/register', next: string | null | undefined): string {
  return next && next !== '/' ? `${path}?next=${encodeURIComponent(next)}` : path;
}
