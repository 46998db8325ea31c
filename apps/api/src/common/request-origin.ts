import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import proxyaddr from 'proxy-addr';
import { APP_CONFIG, AppConfig } from '../config/env';

/** Where a request came from (for the audit trail): the client's address and its device (User-Agent), as far as we can tell. */
export interface RequestOrigin {
  ip: string | null;
  device: string | null;
}

export const NO_ORIGIN: RequestOrigin = { ip: null, device: null };

const MAX_DEVICE = 512;

const origins = new AsyncLocalStorage<RequestOrigin>();

/** The origin of the HTTP request being served now (none outside one: a sync edit, a timer). */
export function currentOrigin(): RequestOrigin {
  return origins.getStore() ?? NO_ORIGIN;
}

const device = (userAgent: string | string[] | undefined): string | null => {
  const value = Array.isArray(userAgent) ? userAgent[0] : userAgent;
  return value ? value.slice(0, MAX_DEVICE) : null;
};

/**
 * Keeps each request's address (Express's `req.ip`, which honours TRUST_PROXY) and User-Agent for
 * the audit entries written while serving it, so services need not pass them along.
 */
@Injectable()
export class RequestOriginMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    origins.run({ ip: req.ip ?? null, device: device(req.headers['user-agent']) }, next);
  }
}

/**
 * The origin of a WebSocket upgrade (the sync server's admissions), judged like Express judges
 * `req.ip`: X-Forwarded-For counts only through the proxies TRUST_PROXY names.
 */
@Injectable()
export class UpgradeOrigins {
  private readonly trust: (address: string, hop: number) => boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const t = config.trustProxy;
    this.trust = t === false ? () => false : typeof t === 'number' ? (_address, hop) => hop < t : proxyaddr.compile(t);
  }

  of(request: IncomingMessage): RequestOrigin {
    let ip: string | null;
    try {
      ip = proxyaddr(request, this.trust);
    } catch {
      ip = request.socket.remoteAddress ?? null;
    }
    return { ip, device: device(request.headers['user-agent']) };
  }
}
