import type { AccountView, DocumentView, InviteCreated, WorkspaceSummary } from '@kinship/domain/wire';

/**
 * Direct calls to the real API, for setting the stage quickly (accounts, a workspace, documents);
 * every journey under test still goes through the browser.
 */
export const LOGIN_COOKIE = 'kinship_session';

export interface Session {
  account: AccountView;
  email: string;
  password: string;
  /** The value of the session cookie. */
  session: string;
}

export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.test`;
}

export async function call<T>(baseUrl: string, session: string | null, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(session ? { cookie: `${LOGIN_COOKIE}=${session}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function register(baseUrl: string, displayName: string): Promise<Session> {
  const email = uniqueEmail(displayName.toLowerCase().replace(/\W+/g, '-'));
  const password = 'a calm and long password';
  const response = await fetch(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, displayName }),
  });
  if (response.status !== 201) throw new Error(`register answered ${response.status}: ${await response.text()}`);
  const account = (await response.json()) as AccountView;
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${LOGIN_COOKIE}=`));
  if (!cookie) throw new Error('register set no session cookie');
  const session = decodeURIComponent(cookie.slice(LOGIN_COOKIE.length + 1).split(';')[0]!);
  return { account, email, password, session };
}

export interface Couple {
  workspaceId: string;
  counselor: Session;
  partners: [Session, Session];
}

/** A counselor and two partners who have both accepted their invites. */
export async function createCouple(baseUrl: string, names: [string, string, string]): Promise<Couple> {
  const counselor = await register(baseUrl, names[0]);
  const workspace = await call<WorkspaceSummary>(baseUrl, counselor.session, 'POST', '/workspaces', {
    name: `${names[1]} & ${names[2]}`,
  });
  const partners: Session[] = [];
  for (const name of [names[1], names[2]]) {
    const partner = await register(baseUrl, name);
    const invite = await call<InviteCreated>(baseUrl, counselor.session, 'POST', `/workspaces/${workspace.id}/invites`, {
      role: 'partner',
    });
    await call(baseUrl, partner.session, 'POST', `/invites/${invite.token}/accept`);
    partners.push(partner);
  }
  return { workspaceId: workspace.id, counselor, partners: partners as [Session, Session] };
}

export function createDocument(
  baseUrl: string,
  session: Session,
  workspaceId: string,
  kind: DocumentView['kind'],
  title: string,
): Promise<DocumentView> {
  return call<DocumentView>(baseUrl, session.session, 'POST', `/workspaces/${workspaceId}/documents`, { kind, title });
}
