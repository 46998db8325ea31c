import Redis from 'ioredis';
import { quitRedis } from '../common/redis-quit';

/** The commands socket.io's Redis adapter sends without waiting for (or catching) their answer. */
const FIRE_AND_FORGET = new Set(['publish', 'subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe', 'send_command', 'sendCommand', 'call']);

/**
 * Marks every command promise as handled (the failure goes to `onError`), so a Redis outage is a
 * degraded service, not a process ended by an unhandled rejection. Callers that await a command
 * still see it fail.
 */
function handled(client: Redis, onError: (error: unknown) => void): Redis {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string' || !FIRE_AND_FORGET.has(property)) return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) result.catch(onError);
        return result;
      };
    },
  });
}

/**
 * Longest the publisher waits for an answer: a Redis that is connected but frozen answers nothing,
 * and `fetchSockets` (presence) first asks it how many processes listen (PUBSUB NUMSUB), with no
 * time limit of its own. Past this, the count fails and presence falls back to this process's sockets.
 */
const COMMAND_TIMEOUT_MS = 2000;

/**
 * The two connections socket.io's Redis adapter needs. The subscriber waits for Redis as long as it
 * takes (its few subscriptions are made once, and renewed on every reconnect; nobody awaits them);
 * the publisher gives up on a command after one retry, or COMMAND_TIMEOUT_MS without an answer, so
 * nothing waits on it or piles up in memory while Redis is away.
 */
export function adapterClients(url: string, onError: (error: unknown) => void): { pub: Redis; sub: Redis; close(): Promise<void> } {
  const rawPub = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS });
  const rawSub = new Redis(url, { maxRetriesPerRequest: null });
  for (const client of [rawPub, rawSub]) client.on('error', onError);
  return {
    pub: handled(rawPub, onError),
    sub: handled(rawSub, onError),
    close: () => quitRedis([rawPub, rawSub]),
  };
}
