// Builds the HTTP application the same way for `npm start`, the bench and every test: Nest on Fastify.
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger, PinoLogger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { AppModule, type LoggedRequest, requestId, requestLogProps } from './app.module.js';
import { Clock } from './common/clock.js';
import { assertCalendarCovers, useCalendarSupplement } from './common/legal-clock.js';
import { DomainError } from './common/errors.js';
import { AllExceptionsFilter } from './common/exception.filter.js';
import { validationPipe } from './common/validation.js';
import type { AppConfig } from './config/config.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** A write whose body is not JSON is refused before its body is read (uploads declare their own type). */
function requireJson(req: FastifyRequest): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (BODY_METHODS.has(req.method) && hasBody) {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type) && !/^multipart\/form-data\b/i.test(type)) {
      throw new DomainError(415, 'unsupported_media_type', '请以 JSON 格式提交（Content-Type: application/json）');
    }
  }
}

/** JSON nested deeper than any request of the API needs is refused before validation walks it. */
const MAX_JSON_DEPTH = 12;

function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(v as object)) stack.push([child, depth + 1]);
  }
  return false;
}

function limitJsonDepth(req: FastifyRequest): void {
  if (req.body && typeof req.body === 'object' && jsonDepthExceeds(req.body, MAX_JSON_DEPTH)) {
    throw new DomainError(400, 'too_deep', '提交的内容层级太深，请检查格式');
  }
}

/** A JSON body is an object or an array, as every request of the API is (a bare `null`, `1` or `"x"` is refused). */
type JsonParser = (req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void) => void;

function strictJson(parse: JsonParser): JsonParser {
  return (req, body, done) => {
    const first = /^[ \t\n\r]*(.)/.exec(body.toString('latin1', 0, Math.min(body.length, 64)))?.[1];
    if (first !== undefined && first !== '{' && first !== '[') {
      return done(new DomainError(400, 'invalid_json', '请求内容不是有效的 JSON'), undefined);
    }
    parse(req, body, done);
  };
}

/** BODY_LIMIT (`256kb`, `1mb`) in bytes. */
function bodyLimitBytes(limit: string): number {
  const [, n, unit] = /^(\d+)(kb|mb)$/i.exec(limit)!;
  return Number(n) * (unit.toLowerCase() === 'mb' ? 1024 * 1024 : 1024);
}

/** Fastify's trustProxy from TRUST_PROXY: the first n hops, or the listed addresses and ranges. */
function trustProxy(config: AppConfig): string | ((address: string, hop: number) => boolean) {
  const t = config.trustProxy;
  if ('hops' in t) {
    const hops = t.hops;
    return (_address, hop) => hop < hops;
  }
  return t.addresses.join(',');
}

/**
 * One JSON line per request, as pino-http writes it (same options: request id, redaction, serializers, userId and
 * role once signed in, the same messages), written when the response closes, through the application's root pino
 * logger: no child logger per request.
 */
function logRequest(req: LoggedRequest, res: ServerResponse): void {
  const log = PinoLogger.root;
  if (!log?.isLevelEnabled('info')) return;
  const responseTime = Math.round(performance.now() - req.startedAt);
  const props = requestLogProps(req);
  if (res.statusCode >= 500) {
    log.info({ req, ...props, res, err: new Error(`failed with status code ${res.statusCode}`), responseTime }, 'request errored');
    return;
  }
  log.info({ req, ...props, res, responseTime }, !req.raw.readableAborted && res.writableEnded ? 'request completed' : 'request aborted');
}

export async function createApp(config: AppConfig, clock = new Clock()): Promise<NestFastifyApplication> {
  // Every legal deadline needs this year's holidays and 调休: without them the server does not start.
  useCalendarSupplement(config.holidays);
  assertCalendarCovers(clock.now());
  const filter = new AllExceptionsFilter();
  const adapter = new FastifyAdapter({
    bodyLimit: bodyLimitBytes(config.bodyLimit),
    trustProxy: trustProxy(config),
    genReqId: requestId,
    // A `__proto__` or `constructor.prototype` key in a JSON body is a 400, as a malformed body is.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // What the router refuses before any route or hook runs gets the same Chinese error body as everything else.
    frameworkErrors: (error: Error, _req: FastifyRequest, reply: FastifyReply) => filter.send(reply, error),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, clock), adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api');
  const fastify = app.getHttpAdapter().getInstance();
  app.useBodyParser(
    'application/json',
    { bodyLimit: bodyLimitBytes(config.bodyLimit) },
    strictJson(fastify.getDefaultJsonParser('error', 'error') as unknown as JsonParser),
  );
  // Fastify hooks, in request order: the request log and the content type before the body is read, the depth once
  // it is parsed, all before any guard; what they throw goes to the exception filter like any other error.
  fastify.addHook('onRequest', (req, reply, done) => {
    const logged = req as LoggedRequest;
    logged.startedAt = performance.now();
    // The id of the request's log line, for a user's report to be found in the logs.
    reply.header('x-request-id', req.id);
    reply.raw.once('close', () => logRequest(logged, reply.raw));
    try {
      if (req.url.startsWith('/api')) requireJson(req);
    } catch (e) {
      return done(e as Error);
    }
    done();
  });
  fastify.addHook('preValidation', (req, _reply, done) => {
    try {
      limitJsonDepth(req);
    } catch (e) {
      return done(e as Error);
    }
    done();
  });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(filter);
  app.enableShutdownHooks();

  const docs = new DocumentBuilder()
    .setTitle('协商通 API')
    .setDescription('集体协商：意见征集、要约应约、协商会议、集体合同与统计')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, docs));

  if (config.h5Dir && existsSync(path.join(config.h5Dir, 'index.html'))) {
    app.useStaticAssets({
      root: config.h5Dir,
      prefix: '/',
      index: 'index.html',
      maxAge: '1h',
      // The page is fetched fresh each time (it names the current hashed bundles); the bundles are cached for an hour.
      // @fastify/static 10 calls this with the reply (Nest's option type still describes an older argument).
      setHeaders: (reply, file) => {
        if (file.endsWith('.html')) (reply as unknown as FastifyReply).header('Cache-Control', 'no-cache');
      },
    });
  }
  return app;
}
