// The guard behind @Roles / @Public (common/auth.ts): a valid, unrevoked token of an account whose role the endpoint
// declares, or a refusal. Endpoints that declare nothing are refused.
import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@xst/shared-types';
import type { FastifyRequest } from 'fastify';
import { type AuthContext, authContextOf, PUBLIC_KEY, ROLES_KEY, type TokenPayload } from '../common/auth.js';
import { AuthCache } from '../common/auth-cache.js';
import { forbidden, unauthorized } from '../common/errors.js';
import { IdentityService } from './identity.service.js';

@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Access');

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(IdentityService) private readonly identity: IdentityService,
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
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { auth?: AuthContext }>();
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
      user = await this.identity.activeAccount(payload.sub);
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
