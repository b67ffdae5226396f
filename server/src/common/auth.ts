// Access is declared on every endpoint (@Roles or @Public) and denied by default (identity/auth.guard.ts enforces it);
// the service then checks the object.
import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ROLES, type Industry, type Role } from '@xst/shared-types';
import type { FastifyRequest } from 'fastify';
import type { User } from '../identity/user.entity.js';
import { unauthorized } from './errors.js';

/** Who is calling: the first argument of every service method. */
export interface AuthContext {
  userId: string;
  role: Role;
  regionCode: string | null;
  organizationId: string | null;
  industry: Industry | null;
  /** The caller's WeChat openid, for WeChat's content check of what they write (never logged). */
  openid?: string | null;
  /** The person's stable WeChat identity (common/pseudonym.ts); null for an account keyed before it existed. */
  person: string | null;
}

export interface TokenPayload {
  sub: string;
  /** Token version: bumping the user's version revokes every token issued before. */
  tv: number;
}

export const ROLES_KEY = 'xst:roles';
export const PUBLIC_KEY = 'xst:public';

export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
export const AnyRole = () => SetMetadata(ROLES_KEY, [...ROLES]);
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  const req = ctx.switchToHttp().getRequest<FastifyRequest & { auth?: AuthContext }>();
  if (!req.auth) throw unauthorized();
  return req.auth;
});

export function authContextOf(user: User): AuthContext {
  return {
    userId: user.id,
    role: user.role,
    regionCode: user.regionCode,
    organizationId: user.organizationId,
    industry: user.industry,
    openid: user.openid,
    person: user.person ?? null,
  };
}
