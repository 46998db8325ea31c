import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import { parse as parseCookie } from 'cookie';
import { DomainError } from './domain-error';
import { SESSION_COOKIE, SessionsService } from '../accounts/sessions.service';
import type { AccountEntity } from '../database/entities';

type AuthedRequest = Request & { account?: AccountEntity };

export const sessionTokenFrom = (cookieHeader: string | undefined) =>
  cookieHeader ? parseCookie(cookieHeader)[SESSION_COOKIE] : undefined;

/** Requires a live session; puts its account on the request for @CurrentAccount. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly sessions: SessionsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const account = await this.sessions.resolve(sessionTokenFrom(request.headers.cookie));
    if (!account) throw new DomainError('unauthenticated', 'Please log in');
    request.account = account;
    return true;
  }
}

export const CurrentAccount = createParamDecorator((_: unknown, context: ExecutionContext): AccountEntity => {
  const account = context.switchToHttp().getRequest<AuthedRequest>().account;
  if (!account) throw new DomainError('unauthenticated', 'Please log in');
  return account;
});
