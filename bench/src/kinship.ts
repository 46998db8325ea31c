/**
 * Our server's accounts for a run, over its REST API as the web client uses it: a counselor and two
 * partners in one workspace, their session cookies, and documents created by the counselor.
 */
let counter = 0;

async function call(baseUrl: string, method: string, path: string, cookie: string | null, body?: unknown): Promise<{ status: number; body: unknown; cookie: string | null }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const setCookie = response.headers.get('set-cookie');
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, cookie: setCookie ? setCookie.split(';')[0] : cookie };
}

async function register(baseUrl: string, displayName: string): Promise<{ cookie: string; id: string }> {
  const email = `bench-${displayName.toLowerCase()}-${process.pid}-${Date.now()}-${++counter}@example.org`;
  const res = await call(baseUrl, 'POST', '/api/auth/register', null, { email, password: 'a long enough password', displayName });
  if (res.status !== 201 || !res.cookie) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { cookie: res.cookie, id: (res.body as { id: string }).id };
}

export class KinshipAccounts {
  private constructor(
    readonly baseUrl: string,
    readonly workspaceId: string,
    /** Counselor, partner, partner. */
    readonly cookies: string[],
    readonly accountIds: string[],
  ) {}

  static async create(baseUrl: string): Promise<KinshipAccounts> {
    const people = [await register(baseUrl, 'Rivera'), await register(baseUrl, 'Alex'), await register(baseUrl, 'Blake')];
    const [counselor, ...partners] = people;
    const workspace = await call(baseUrl, 'POST', '/api/workspaces', counselor.cookie, { name: 'Bench couple' });
    if (workspace.status !== 201) throw new Error(`workspace failed: ${workspace.status}`);
    const workspaceId = (workspace.body as { id: string }).id;
    for (const partner of partners) {
      const invite = await call(baseUrl, 'POST', `/api/workspaces/${workspaceId}/invites`, counselor.cookie, { role: 'partner' });
      const accepted = await call(baseUrl, 'POST', `/api/invites/${(invite.body as { token: string }).token}/accept`, partner.cookie);
      if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status}`);
    }
    return new KinshipAccounts(baseUrl, workspaceId, people.map((p) => p.cookie), people.map((p) => p.id));
  }

  /** `n` shared notes (a kind all three may edit), created 50 at a time. */
  async createDocuments(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, n - i) }, async (_, j) => {
          const res = await call(this.baseUrl, 'POST', `/api/workspaces/${this.workspaceId}/documents`, this.cookies[0], { kind: 'notes', title: `Bench ${i + j}` });
          if (res.status !== 201) throw new Error(`create document failed: ${res.status} ${JSON.stringify(res.body)}`);
          return (res.body as { id: string }).id;
        }),
      );
      ids.push(...batch);
    }
    return ids;
  }
}
