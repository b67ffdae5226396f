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
import { loggerOptions } from './common/logger-options.js';
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
