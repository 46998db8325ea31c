import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { parse as parseCookie } from 'cookie';
import { DomainError } from '../common/domain-error';
import { SESSION_COOKIE, SessionAccount, SessionsService } from './sessions.service';

type AuthedRequest = Request & { account?: SessionAccount };

export const sessionTokenFrom = (cookieHeader: string | undefined) =>
  cookieHeader ? parseCookie(cookieHeader)[SESSION_COOKIE] : undefined;

/** Requires a live session; puts a view of its account (id, email, display name) on the request for @CurrentAccount. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly sessions: SessionsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const session = await this.sessions.resolveSession(sessionTokenFrom(request.headers.cookie));
    if (!session) throw new DomainError('unauthenticated', 'Please log in');
    request.account = session.account;
    return true;
  }
}

/** The logged-in person, as the AuthGuard found them: a SessionAccount, never the entity with its password hash. */
export const CurrentAccount = createParamDecorator((_: unknown, context: ExecutionContext): SessionAccount => {
  const account = context.switchToHttp().getRequest<AuthedRequest>().account;
  if (!account) throw new DomainError('unauthenticated', 'Please log in');
  return account;
});
