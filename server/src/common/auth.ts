// Access is declared on every endpoint (@Roles or @Public) and denied by default; the service then checks the object.
import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable, Logger, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { ROLES, type Industry, type Role } from '@xst/shared-types';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { forbidden, unauthorized } from './errors.js';
import { User } from '../identity/user.entity.js';
import { AuthCache } from './auth-cache.js';

/** Who is calling: the first argument of every service method. */
export interface AuthContext {
  userId: string;
  role: Role;
  regionCode: string | null;
  organizationId: string | null;
  industry: Industry | null;
}

export interface TokenPayload {
  sub: string;
  /** Token version: bumping the user's version revokes every token issued before. */
  tv: number;
}

const ROLES_KEY = 'xst:roles';
const PUBLIC_KEY = 'xst:public';

export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
export const AnyRole = () => SetMetadata(ROLES_KEY, [...ROLES]);
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  const req = ctx.switchToHttp().getRequest<Request & { auth?: AuthContext }>();
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
  };
}

@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(JwtService) private readonly jwt: JwtService,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AuthCache) private readonly cache: AuthCache,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles) {
      this.logger.warn(`endpoint without declared access refused: ${ctx.getClass().name}.${ctx.getHandler().name}`);
      throw forbidden();
    }
    const req = ctx.switchToHttp().getRequest<Request & { auth?: AuthContext }>();
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) throw unauthorized();
    const token = header.slice(7);
    let payload = this.cache.token(token);
    if (!payload) {
      try {
        payload = await this.jwt.verifyAsync<TokenPayload>(token, { algorithms: ['HS256'] });
      } catch (e) {
        const expired = (e as Error).name === 'TokenExpiredError';
        throw unauthorized(expired ? '登录已过期，请重新登录' : '登录信息无效，请重新登录', expired ? 'token_expired' : 'unauthorized');
      }
      this.cache.rememberToken(token, payload);
    }
    let user = this.cache.user(payload.sub);
    if (!user) {
      user = await this.db.getRepository(User).findOneBy({ id: payload.sub });
      if (user) this.cache.rememberUser(user);
    }
    if (!user || user.deletedAt || user.tokenVersion !== payload.tv) {
      throw unauthorized('登录信息已失效，请重新登录', 'token_revoked');
    }
    req.auth = authContextOf(user);
    if (!roles.includes(user.role)) throw forbidden();
    return true;
  }
}
