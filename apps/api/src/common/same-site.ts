import type { IncomingHttpHeaders } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from './domain-error';

type SiteHeaders = Pick<IncomingHttpHeaders, 'origin' | 'host' | 'sec-fetch-site'>;

/**
 * Whether a request comes from this site: its Origin names the request's own host or the public
 * address's host; without an Origin, the browser's Sec-Fetch-Site says `same-origin` or `none`
 * (typed or bookmarked). A request with neither header is not a browser's (curl, another server)
 * and carries no one's cookie by accident, so it passes. The one rule for REST and sync upgrades.
 */
export function isSameSite(headers: SiteHeaders, publicUrl: string): boolean {
  const origin = headers.origin;
  if (origin !== undefined) {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return false;
    }
    return host !== '' && (host === headers.host || host === new URL(publicUrl).host);
  }
  const fetchSite = headers['sec-fetch-site'];
  if (fetchSite !== undefined) return fetchSite === 'same-origin' || fetchSite === 'none';
  return true;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Refuses a state-changing request from another site (a forged form post riding on the cookie). */
export function sameSiteOnly(publicUrl: string) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (STATE_CHANGING.has(req.method) && !isSameSite(req.headers, publicUrl)) {
      return next(new DomainError('forbidden', 'This request came from another site and was refused'));
    }
    next();
  };
}
