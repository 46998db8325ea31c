import type Redis from 'ioredis';

/**
 * Closes Redis connections: a polite QUIT when connected (at most a second), an outright
 * disconnect when Redis is away (QUIT would wait for it).
 */
export async function quitRedis(clients: Redis[]): Promise<void> {
  await Promise.all(
    clients.map(async (client) => {
      if (client.status === 'ready') await Promise.race([client.quit().catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
      client.disconnect();
    }),
  );
}
