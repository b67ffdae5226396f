import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AuditModule } from './audit/audit.module.js';
import { AuthCache } from './common/auth-cache.js';
import { AccountRateGuard, AddressRateGuard, createRateStore, RATE_STORE } from './common/rate-limit.js';
import { Clock } from './common/clock.js';
import { CongressModule } from './congress/congress.module.js';
import { ConsultationsModule } from './consultations/consultations.module.js';
import { ContractsModule } from './contracts/contracts.module.js';
import { StatisticsModule } from './statistics/statistics.module.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { dataSourceOptions, openDatabase } from './database/data-source.js';
import { Transactions } from './database/transactions.js';
import { DevController } from './health/dev.controller.js';
import { HealthController } from './health/health.controller.js';
import { AuthGuard } from './identity/auth.guard.js';
import { IdentityModule } from './identity/identity.module.js';
import { PrivacyModule } from './identity/privacy.module.js';
import { PetitionsModule } from './petitions/petitions.module.js';
import { InvitationsModule } from './invitations/invitations.module.js';
import { RegionsModule } from './regions/regions.module.js';
import { RollModule } from './roll/roll.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { ModerationModule } from './moderation/moderation.module.js';
import { SubscriptionsModule } from './subscriptions/subscriptions.module.js';
import { WechatModule } from './wechat/wechat.module.js';
import { SmsModule } from './sms/sms.module.js';

/** What every capability may inject and no capability owns: configuration, clock, transactions, tokens. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, clock: Clock): DynamicModule {
    const providers = [{ provide: APP_CONFIG, useValue: config }, { provide: Clock, useValue: clock }, AuthCache, Transactions];
    return {
      module: CoreModule,
      imports: [JwtModule.register({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' } })],
      providers,
      exports: [...providers.map((p) => ('provide' in p ? p.provide : p)), JwtModule],
    };
  }
}

/** A request as the request log sees it (app.factory.ts writes the line from Fastify's hooks). */
export type LoggedRequest = FastifyRequest & { startedAt: number; auth?: { userId: string; role: string } };

/** A request's id: the caller's X-Request-Id when it is a plain token, a new UUID otherwise. */
export const requestId = (req: IncomingMessage): string => {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
};

/** What the request log adds once the caller is signed in. */
export const requestLogProps = (req: LoggedRequest) => (req.auth ? { userId: req.auth.userId, role: req.auth.role } : {});

/** A mainland mobile number anywhere in a text (with +86, 0086 or 86 before it, or none), not inside a longer run. */
const PHONE_IN_TEXT = /(?<![0-9A-Za-z])(?:\+?(?:00)?86)?(1[3-9]\d)\d{4}(\d{4})(?![0-9A-Za-z])/g;

const HAS_PHONE = new RegExp(PHONE_IN_TEXT.source);

/** Phone numbers are personal data: every one a log line holds is written as 138****1234. */
export const maskPhonesInText = (text: string) => text.replace(PHONE_IN_TEXT, '$1****$2');

/**
 * Strings, plain objects, arrays and errors, copied with their phone numbers masked. Other objects (the request and
 * response the request log hands its serializers) pass untouched: their serializers write only what is safe.
 */
function maskPhonesIn(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return HAS_PHONE.test(value) ? maskPhonesInText(value) : value;
  if (!value || typeof value !== 'object' || depth > 6) return value;
  if (Array.isArray(value)) return value.map((v) => maskPhonesIn(v, depth + 1));
  if (value instanceof Error) {
    const masked = new Error(maskPhonesInText(value.message));
    masked.name = value.name;
    masked.stack = value.stack && maskPhonesInText(value.stack);
    return Object.assign(masked, maskPhonesIn({ ...value }, depth + 1));
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskPhonesIn(v, depth + 1);
  return out;
}

/** The root pino logger: level, redaction, and the request serializer of the request log (one JSON line per request). */
export function loggerOptions(config: AppConfig) {
  return {
    level: config.logLevel,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.contactPhone', 'contactPhone'],
      censor: '[redacted]',
    },
    hooks: {
      // Whatever a message or its object carries (an error from a provider, a value someone logs), no phone number
      // reaches the log in clear.
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => maskPhonesIn(a)),
        );
      },
    },
    serializers: {
      // Query strings may carry a login code or an export token: log the path only.
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      // Fastify writes response headers straight to the socket: the status is what there is to log.
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, clock = new Clock()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The root logger only: the request log is written from Fastify's hooks (app.factory.ts), not by middleware.
        LoggerModule.forRoot({ pinoHttp: loggerOptions(config), forRoutes: [] }),
        TypeOrmModule.forRootAsync({
          // A database that is down at start is retried a few times (it may still be starting), never in tests.
          useFactory: () => ({ ...dataSourceOptions(config), retryAttempts: config.env === 'test' ? 0 : 5, retryDelay: 2000 }),
          dataSourceFactory: async () => openDatabase(config),
        }),
        CoreModule.forRoot(config, clock),
        WechatModule,
        SmsModule,
        // Each capability declares the tables it owns (TypeOrmModule.forFeature) and offers the others what they
        // need through its service; src/module-boundaries.spec.ts holds them to it.
        AuditModule,
        RegionsModule,
        IdentityModule,
        RollModule,
        ConsultationsModule,
        InvitationsModule,
        ContractsModule,
        SessionsModule,
        CongressModule,
        PrivacyModule,
        StatisticsModule,
        PetitionsModule,
        SubscriptionsModule,
        ModerationModule,
      ],
      controllers: [HealthController, DevController],
      providers: [
        // Guards run in this order: address limits, then sign-in, then account limits.
        { provide: RATE_STORE, useFactory: () => createRateStore(config) },
        { provide: APP_GUARD, useClass: AddressRateGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: AccountRateGuard },
      ],
    };
  }
}
