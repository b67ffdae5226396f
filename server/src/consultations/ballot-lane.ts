// The ballot route of a campaign launch, served in front of Express routing and Nest's router. Profiles of
// `PUT /api/consultations/:id/ballot` under load (bench/ballots) spent more of the server's CPU in Express's router,
// Nest's route proxies and middleware proxies than in the ballot itself. This lane answers that one route with the
// very same pieces, in the same order, and nothing of its own:
//   request log (pino-http's line, same options and root logger, see laneRequestLog) → JSON-only check → JSON body parser (same limit) →
//   JSON depth limit → the global guards (address limits, sign-in, account and ballot limits) → the global pipes and
//   UuidPipe on :id → the global pipes on the body (ValidationPipe with BallotDto) → ConsultationsController.vote
//   (the service and the batcher) → the reply through Nest's HTTP adapter; any error → the global exception filter.
// It is installed only when the route still looks as it did when it was written (no interceptor, no route-level
// guard, pipe or filter, the same parameters); otherwise it logs why and every request goes through Nest as before.
// Any other method or path, and any path it does not recognise exactly (encoded characters, other case), goes to
// Express untouched.
import {
  ForbiddenException,
  Logger,
  RequestMethod,
  type ArgumentsHost,
  type CanActivate,
  type ExceptionFilter,
  type PipeTransform,
} from '@nestjs/common';
import {
  CUSTOM_ROUTE_ARGS_METADATA,
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HEADERS_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  PIPES_METADATA,
  REDIRECT_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ApplicationConfig } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { UuidPipe } from '../common/pipes.js';
import { ConsultationsController } from './consultations.controller.js';

type Next = (err?: unknown) => void;
export type Middleware = (req: any, res: any, next: Next) => void;

const ROUTE = /^\/api\/consultations\/([0-9A-Za-z-]{1,64})\/ballot\/?(?:\?|$)/;
const HANDLER = 'vote';

interface ArgMeta {
  index: number;
  data?: unknown;
  pipes?: unknown[];
  factory?: (data: unknown, ctx: ExecutionContextHost) => unknown;
}

/** Why the lane cannot stand in for Nest on this route (null: it can). */
function unsupported(app: NestExpressApplication): string | null {
  const cfg = app.get(ApplicationConfig);
  const handler = ConsultationsController.prototype[HANDLER];
  if (cfg.getGlobalPrefix() !== 'api') return 'global prefix changed';
  if (cfg.getGlobalInterceptors().length || cfg.getGlobalRequestInterceptors().length) return 'global interceptors';
  if (cfg.getGlobalRequestGuards().length || cfg.getGlobalRequestPipes().length || cfg.getGlobalRequestFilters().length)
    return 'request-scoped globals';
  if (cfg.getGlobalFilters().length !== 1) return 'not exactly one global filter';
  for (const key of [GUARDS_METADATA, INTERCEPTORS_METADATA, PIPES_METADATA, EXCEPTION_FILTERS_METADATA]) {
    if ((Reflect.getMetadata(key, ConsultationsController) ?? []).length || (Reflect.getMetadata(key, handler) ?? []).length)
      return `route-level ${key}`;
  }
  for (const key of [HTTP_CODE_METADATA, HEADERS_METADATA, REDIRECT_METADATA])
    if (Reflect.getMetadata(key, handler) !== undefined) return `route ${key}`;
  if (
    Reflect.getMetadata(PATH_METADATA, handler) !== 'consultations/:id/ballot' ||
    Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.PUT
  )
    return 'route path or method changed';
  if ((Reflect.getMetadata(PATH_METADATA, ConsultationsController) ?? '/') !== '/') return 'controller path changed';
  const args = Object.entries(
    (Reflect.getMetadata(ROUTE_ARGS_METADATA, ConsultationsController, HANDLER) ?? {}) as Record<string, ArgMeta>,
  );
  const shape = args
    .map(
      ([k, m]) =>
        `${m.index}:${k.includes(CUSTOM_ROUTE_ARGS_METADATA) ? 'custom' : k.split(':')[0]}:${String(m.data)}:${(m.pipes ?? []).length}`,
    )
    .sort()
    .join(',');
  const expected = `0:custom:undefined:0,1:${RouteParamtypes.PARAM}:id:1,2:${RouteParamtypes.BODY}:undefined:0`;
  if (shape !== expected) return `parameters changed (${shape})`;
  const param = args.find(([, m]) => m.index === 1)![1];
  if (param.pipes![0] !== UuidPipe) return 'id pipe changed';
  return null;
}

/** What the lane needs of the request-log options (app.module.ts `requestLogOptions`). */
export interface LaneLogOptions {
  genReqId: (req: IncomingMessage) => string;
  customProps: (req: any) => Record<string, unknown>;
}

/**
 * The request log of the lane: the line pino-http writes, with no child logger per request. `logger` is the one
 * pino-http builds once from the same options (its redaction and wrapped serializers); each request logs one object
 * holding what pino-http binds through its children (req, then the custom props known at the end: userId, role)
 * followed by what it logs (res, err, responseTime), in that order, so the JSON line is the same, key for key.
 */
export function laneRequestLog(
  logger: { info(obj: object, msg: string): void; isLevelEnabled(level: string): boolean },
  opts: LaneLogOptions,
): Middleware {
  return (req, res, next) => {
    req.id = req.id || opts.genReqId(req);
    const start = Date.now();
    let logged = false;
    const done = (err?: unknown) => {
      if (logged) return;
      logged = true;
      res.removeListener('close', done);
      res.removeListener('finish', done);
      res.removeListener('error', done);
      if (!logger.isLevelEnabled('info')) return;
      const responseTime = Date.now() - start;
      const props = opts.customProps(req);
      if (err || res.err || res.statusCode >= 500) {
        const error = err || res.err || new Error(`failed with status code ${res.statusCode}`);
        logger.info({ req, ...props, res, err: error, responseTime }, 'request errored');
        return;
      }
      logger.info(
        { req, ...props, res, responseTime },
        !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted',
      );
    };
    res.on('close', done);
    res.on('finish', done);
    res.on('error', done);
    next();
  };
}

/** Installs the lane; answers whether it did (false: every ballot goes through Nest's router, as before). */
export function installBallotLane(app: NestExpressApplication, prelude: () => Middleware[]): boolean {
  const logger = new Logger('BallotLane');
  const reason = unsupported(app);
  if (reason) {
    logger.warn(`ballot lane not installed (${reason}): ballots go through Nest's router`);
    return false;
  }
  const server = app.getHttpServer() as Server;
  const listeners = server.listeners('request');
  if (listeners.length !== 1) {
    logger.warn('ballot lane not installed (unexpected request listeners)');
    return false;
  }
  const express = listeners[0] as (req: IncomingMessage, res: ServerResponse) => void;
  const expressApp = app.getHttpAdapter().getInstance();
  const adapter = app.getHttpAdapter();
  const handler = ConsultationsController.prototype[HANDLER];
  const paramtypes: unknown[] = Reflect.getMetadata('design:paramtypes', ConsultationsController.prototype, HANDLER) ?? [];
  const argMeta = Object.values(Reflect.getMetadata(ROUTE_ARGS_METADATA, ConsultationsController, HANDLER) as Record<string, ArgMeta>);
  const authArg = argMeta.find((m) => m.index === 0)!;
  const uuidPipe = new UuidPipe();

  // Resolved on the first ballot, once the application is initialised (global enhancers and the root logger exist).
  let ready: {
    controller: ConsultationsController;
    guards: CanActivate[];
    pipes: PipeTransform[];
    filter: ExceptionFilter;
    chain: Middleware[];
  } | null = null;
  const init = () => {
    const cfg = app.get(ApplicationConfig);
    return {
      controller: app.get(ConsultationsController),
      guards: cfg.getGlobalGuards(),
      pipes: cfg.getGlobalPipes(),
      filter: cfg.getGlobalFilters()[0],
      chain: prelude(),
    };
  };

  async function handle(req: any, res: any, ctx: ExecutionContextHost, id: string): Promise<void> {
    const r = ready!;
    for (const guard of r.guards) {
      if (!(await guard.canActivate(ctx))) throw new ForbiddenException();
    }
    const auth = authArg.factory!(authArg.data, ctx);
    let idValue: unknown = id;
    for (const p of r.pipes) idValue = await p.transform(idValue, { type: 'param', data: 'id', metatype: paramtypes[1] as never });
    idValue = uuidPipe.transform(idValue as string);
    let body: unknown = req.body;
    for (const p of r.pipes) body = await p.transform(body, { type: 'body', data: undefined, metatype: paramtypes[2] as never });
    const result = await (handler as Function).call(r.controller, auth, idValue, body);
    adapter.reply(res, result, 200);
  }

  function lane(req: any, res: any, id: string): void {
    ready ??= init();
    // What Express's own request init does: its request/response prototypes (req.ip with the app's trust proxy,
    // res.status/json), and the links between them.
    Object.setPrototypeOf(req, expressApp.request);
    Object.setPrototypeOf(res, expressApp.response);
    req.res = res;
    res.req = req;
    res.locals = Object.create(null);
    req.originalUrl = req.url;
    req.baseUrl = '';
    req.params = { id };
    const ctx = new ExecutionContextHost([req, res, undefined], ConsultationsController, handler);
    const fail = (e: unknown) => {
      try {
        ready!.filter.catch(e, ctx as ArgumentsHost);
      } catch (again) {
        logger.error({ err: again }, 'ballot lane: the exception filter failed');
        if (!res.headersSent) res.writeHead(500).end();
      }
    };
    const chain = ready.chain;
    let i = 0;
    // An error from a middleware is mapped by the adapter first (bad JSON → 400, too large → 413), as Nest's
    // Express error handler does; errors from guards, pipes and the handler reach the filter as they are.
    const middlewareFailed = (e: unknown) => fail((adapter as unknown as { mapException(e: unknown): unknown }).mapException(e));
    const next: Next = (err) => {
      if (err) return middlewareFailed(err);
      const mw = chain[i++];
      if (mw) {
        try {
          mw(req, res, next);
        } catch (e) {
          middlewareFailed(e);
        }
        return;
      }
      handle(req, res, ctx, id).catch(fail);
    };
    next();
  }

  server.removeListener('request', express);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'PUT') {
      const m = ROUTE.exec(req.url ?? '');
      if (m) return lane(req, res, m[1]);
    }
    express(req, res);
  });
  logger.log('ballot lane installed for PUT /api/consultations/:id/ballot');
  return true;
}
