import type { HealthView } from '@kinship/domain/wire';
import { HttpClient } from '../../test/support/http-client';
import { startTestApp } from '../../test/support/test-app';

describe('health, API description and schema', () => {
  it('reports the database, and Redis when it is configured', async () => {
    const app = await startTestApp('postgres', { REDIS_URL: 'redis://127.0.0.1:6379' });
    try {
      const res = await new HttpClient(app.url).get<HealthView>('/api/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', database: { ok: true, driver: 'postgres' }, redis: { ok: true } });
    } finally {
      await app.close();
    }
  });

  it('answers 503 when Redis is configured but does not answer', async () => {
    const app = await startTestApp('postgres', { REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const res = await new HttpClient(app.url).get<HealthView>('/api/health');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'degraded', database: { ok: true }, redis: { ok: false } });
    } finally {
      await app.close();
    }
  });

  it('serves an OpenAPI description of the REST API, and builds the schema with migrations', async () => {
    const app = await startTestApp();
    try {
      const res = await new HttpClient(app.url).get<{ openapi: string; paths: Record<string, unknown> }>('/api/docs/openapi.json');
      expect(res.status).toBe(200);
      expect(res.body.openapi).toMatch(/^3\./);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining(['/api/auth/register', '/api/workspaces/{id}/invites', '/api/invites/{token}/accept', '/api/documents/{id}', '/api/health']),
      );
      const migrations = await app.dataSource.query('SELECT name FROM migrations');
      expect(migrations.map((m: { name: string }) => m.name)).toContain('InitialSchema1764000000000');
    } finally {
      await app.close();
    }
  });
});

describe('security headers', () => {
  it('lets the page load and connect only to this origin, and never be framed', async () => {
    const app = await startTestApp();
    try {
      const res = await fetch(`${app.url}/api/health`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await app.close();
    }
  });

  it('asks browsers to insist on https when the app is served over https', async () => {
    const app = await startTestApp('postgres', { PUBLIC_URL: 'https://kinship.example' });
    try {
      const res = await fetch(`${app.url}/api/health`);
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=15552000/);
    } finally {
      await app.close();
    }
  });
});
