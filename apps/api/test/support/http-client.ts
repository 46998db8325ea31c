import type { AccountView } from '@kinship/domain/wire';

let counter = 0;

/** A person using the API over HTTP, holding their session cookie like a browser would. */
export class HttpClient {
  cookie: string | null = null;

  /** Sent with every request, e.g. the Origin a browser would send. */
  headers: Record<string, string> = {};

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...this.headers,
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0];
      this.cookie = pair.endsWith('=') ? null : pair;
    }
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  }

  get = <T = unknown>(path: string) => this.request<T>('GET', path);
  post = <T = unknown>(path: string, body?: unknown) => this.request<T>('POST', path, body);
  patch = <T = unknown>(path: string, body?: unknown) => this.request<T>('PATCH', path, body);
  delete = <T = unknown>(path: string) => this.request<T>('DELETE', path);

  /** Registers a new account with a unique email and keeps its session. */
  async register(displayName = 'Person'): Promise<AccountView> {
    const email = `${displayName.toLowerCase().replace(/\W/g, '')}-${process.pid}-${Date.now()}-${++counter}@example.org`;
    const res = await this.post<AccountView>('/api/auth/register', { email, password: 'a long enough password', displayName });
    if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

