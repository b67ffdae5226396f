// Rate limits per address and per account, tighter on sign-in and on ballots (429 with Retry-After).
// Counters live in Redis when REDIS_URL is set, so that several instances share them; in memory otherwise.
import { CanActivate, ExecutionContext, Inject, Injectable, Logger, OnModuleDestroy, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { AuthContext } from './auth.js';
import { DomainError } from './errors.js';

export type RateBucket = 'signin' | 'ballot';
const BUCKET_KEY = 'xst:rate-bucket';
/** Puts an endpoint in a tighter bucket than the general one. */
export const RateLimit = (bucket: RateBucket) => SetMetadata(BUCKET_KEY, bucket);

const WINDOW_MS = 60_000;

export interface RateStore {
  /** Counts one hit in the current window of `key`; returns the count so far and ms until the window resets. */
  hit(key: string): Promise<{ count: number; resetMs: number }>;
  /**
   * Counts one hit in each window in turn, as `hit` one after the other, and stops at the first window over its
   * limit (the later ones are not counted); answers that window's ms until reset, or null when all are within.
   * One store call for a request's windows.
   */
  hitAll(windows: readonly (readonly [key: string, limit: number])[]): Promise<number | null>;
  close(): Promise<void>;
}

export class MemoryRateStore implements RateStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = Date.now();

  async hit(key: string) {
    return this.count(key, Date.now());
  }

  async hitAll(windows: readonly (readonly [string, number])[]) {
    const now = Date.now();
    for (const [key, limit] of windows) {
      const r = this.count(key, now);
      if (r.count > limit) return r.resetMs;
    }
    return null;
  }

  private count(key: string, now: number) {
    if (now - this.lastSweep > WINDOW_MS) {
      for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
      this.lastSweep = now;
    }
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + WINDOW_MS };
      this.windows.set(key, w);
    }
    w.count++;
    return { count: w.count, resetMs: w.resetAt - now };
  }

  async close() {}
}

/** `hit` on each key in turn, stopping at the first over its limit: its ms until reset (0: unknown), or -1. */
const HIT_ALL = `
for i = 1, #KEYS do
  local count = redis.call('INCR', KEYS[i])
  redis.call('PEXPIRE', KEYS[i], ARGV[1], 'NX')
  if count > tonumber(ARGV[i + 1]) then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl > 0 then return ttl end
    return 0
  end
end
return -1`;

export class RedisRateStore implements RateStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async hit(key: string) {
    const k = `${this.prefix}:rl:${key}`;
    const res = await this.redis.multi().incr(k).pexpire(k, WINDOW_MS, 'NX').pttl(k).exec();
    const count = Number(res?.[0]?.[1] ?? 1);
    const ttl = Number(res?.[2]?.[1] ?? WINDOW_MS);
    return { count, resetMs: ttl > 0 ? ttl : WINDOW_MS };
  }

  async hitAll(windows: readonly (readonly [string, number])[]) {
    const keys = windows.map(([key]) => `${this.prefix}:rl:${key}`);
    const res = (await this.redis.eval(HIT_ALL, keys.length, ...keys, WINDOW_MS, ...windows.map(([, limit]) => limit))) as number;
    return res < 0 ? null : res > 0 ? res : WINDOW_MS;
  }

  async close() {
    await this.redis.quit().catch(() => undefined);
  }
}

export const RATE_STORE = Symbol('RATE_STORE');

export function createRateStore(config: AppConfig): RateStore {
  if (!config.redisUrl) return new MemoryRateStore();
  return new RedisRateStore(new Redis(config.redisUrl, { maxRetriesPerRequest: 1 }), config.rateLimit.keyPrefix);
}

abstract class RateGuardBase implements CanActivate, OnModuleDestroy {
  protected readonly logger = new Logger('RateLimit');

  constructor(
    protected readonly reflector: Reflector,
    protected readonly store: RateStore,
    protected readonly config: AppConfig,
  ) {}

  abstract canActivate(ctx: ExecutionContext): Promise<boolean>;

  /** Counts the request in each window, tightest first, in one store call; 429 with Retry-After at the first one over. */
  protected async take(ctx: ExecutionContext, windows: readonly (readonly [key: string, limit: number])[]): Promise<void> {
    let resetMs: number | null;
    try {
      resetMs = await this.store.hitAll(windows);
    } catch (e) {
      // A rate-limit store that is down must not take the product down with it.
      this.logger.warn(`rate store unavailable: ${(e as Error).message}`);
      return;
    }
    if (resetMs !== null) {
      const reply = ctx.switchToHttp().getResponse<FastifyReply>();
      reply.header('Retry-After', String(Math.max(1, Math.ceil(resetMs / 1000))));
      throw new DomainError(429, 'too_many_requests', '操作太频繁了，请稍等一会儿再试');
    }
  }

  protected bucket(ctx: ExecutionContext): RateBucket | undefined {
    return this.reflector.getAllAndOverride<RateBucket | undefined>(BUCKET_KEY, [ctx.getHandler(), ctx.getClass()]);
  }

  async onModuleDestroy() {
    await this.store.close();
  }
}

/** Runs before sign-in is checked: limits each address, and sign-in attempts tightly. */
@Injectable()
export class AddressRateGuard extends RateGuardBase {
  constructor(@Inject(Reflector) reflector: Reflector, @Inject(RATE_STORE) store: RateStore, @Inject(APP_CONFIG) config: AppConfig) {
    super(reflector, store, config);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    // The client's address as TRUST_PROXY lets the proxies in front say it (Fastify's request.ip).
    const ip = ctx.switchToHttp().getRequest<FastifyRequest>().ip ?? 'unknown';
    const all = [`ip:${ip}`, this.config.rateLimit.perAddressPerMinute] as const;
    await this.take(ctx, this.bucket(ctx) === 'signin' ? [[`signin:${ip}`, this.config.rateLimit.signInPerMinute], all] : [all]);
    return true;
  }
}

/** Runs after sign-in is checked: limits each account, and ballots tightly. */
@Injectable()
export class AccountRateGuard extends RateGuardBase {
  constructor(@Inject(Reflector) reflector: Reflector, @Inject(RATE_STORE) store: RateStore, @Inject(APP_CONFIG) config: AppConfig) {
    super(reflector, store, config);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const auth = ctx.switchToHttp().getRequest<FastifyRequest & { auth?: AuthContext }>().auth;
    if (!auth) return true;
    const all = [`user:${auth.userId}`, this.config.rateLimit.perMinute] as const;
    await this.take(ctx, this.bucket(ctx) === 'ballot' ? [[`ballot:${auth.userId}`, this.config.rateLimit.ballotPerMinute], all] : [all]);
    return true;
  }
}
