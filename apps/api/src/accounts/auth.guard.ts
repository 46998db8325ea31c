import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { parse as parseCookie } from 'cookie';
import { DomainError } from '../common/domain-error';
import { ActiveLogin, LOGIN_COOKIE, LoginAccount, LoginsService } from './logins.service';

type AuthedRequest = Request & { account?: LoginAccount; session?: ActiveLogin };

export const loginTokenFrom = (cookieHeader: string | undefined) =>
  cookieHeader ? parseCookie(cookieHeader)[LOGIN_COOKIE] : undefined;

const WITHOUT_SECOND_FACTOR = 'kinship:allow-without-second-factor';
/**
 * Routes a counselor may use before setting up a required second factor: who they are, their
 * sessions, and setting up two-step sign-in itself.
 */
export const AllowWithoutSecondFactor = () => SetMetadata(WITHOUT_SECOND_FACTOR, true);

export const SECOND_FACTOR_REQUIRED_MESSAGE =
  'This practice asks counselors to use two-step sign-in. Set it up under Account and security to continue';

/** Methods that change something: a person acted, so their session's idle clock starts again. */
const ACTIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Requires a live session; puts a view of its account (id, email, display name) on the request for
 * @CurrentAccount, and the session for @CurrentLogin. A counselor whose deployment requires a
 * second factor they have not set up is refused everything but the routes marked
 * @AllowWithoutSecondFactor.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly sessions: LoginsService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const session = await this.sessions.requireLogin(loginTokenFrom(request.headers.cookie), { touch: ACTIONS.has(request.method) });
    if (session.secondFactorMissing && !this.reflector.getAllAndOverride<boolean>(WITHOUT_SECOND_FACTOR, [context.getHandler(), context.getClass()])) {
      throw new DomainError('second_factor_required', SECOND_FACTOR_REQUIRED_MESSAGE);
    }
    request.account = session.account;
    request.session = session;
    return true;
  }
}

/** The logged-in person, as the AuthGuard found them: a LoginAccount, never the entity with its password hash. */
export const CurrentAccount = createParamDecorator((_: unknown, context: ExecutionContext): LoginAccount => {
  const account = context.switchToHttp().getRequest<AuthedRequest>().account;
  if (!account) throw new DomainError('unauthenticated', 'Please log in');
  return account;
});

/** The session the request came with, as the AuthGuard found it. */
export const CurrentLogin = createParamDecorator((_: unknown, context: ExecutionContext): ActiveLogin => {
  const session = context.switchToHttp().getRequest<AuthedRequest>().session;
  if (!session) throw new DomainError('unauthenticated', 'Please log in');
  return session;
});
