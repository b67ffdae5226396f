// Builds the HTTP application the same way for `npm start`, the CLI and every test.
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import bodyParser from 'body-parser';
import type { NextFunction, Request, Response } from 'express';
import { Logger, PinoLogger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { pinoHttp } from 'pino-http';
import path from 'node:path';
import { AppModule, requestLogOptions } from './app.module.js';
import { Clock } from './common/clock.js';
import { DomainError } from './common/errors.js';
import { AllExceptionsFilter } from './common/exception.filter.js';
import { installBallotLane, laneRequestLog, type Middleware } from './consultations/ballot-lane.js';
import { validationPipe } from './common/validation.js';
import type { AppConfig } from './config/config.js';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** A write whose body is not JSON is refused before it reaches a handler (uploads declare their own type). */
function requireJson(req: Request, _res: Response, next: NextFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (BODY_METHODS.has(req.method) && hasBody) {
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/json\b/i.test(type) && !/^multipart\/form-data\b/i.test(type)) {
      next(new DomainError(415, 'unsupported_media_type', '请以 JSON 格式提交（Content-Type: application/json）'));
      return;
    }
  }
  next();
}

/** Express setting that says whether the ballot lane is serving ballots (tests check it stays on). */
export const BALLOT_LANE_SETTING = 'xst ballot lane';

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

function limitJsonDepth(req: Request, _res: Response, next: NextFunction): void {
  if (req.body && typeof req.body === 'object' && jsonDepthExceeds(req.body, MAX_JSON_DEPTH)) {
    next(new DomainError(400, 'too_deep', '提交的内容层级太深，请检查格式'));
    return;
  }
  next();
}

export async function createApp(config: AppConfig, clock = new Clock()): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, clock), {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'hops' in config.trustProxy ? config.trustProxy.hops : config.trustProxy.addresses);
  app.disable('x-powered-by');
  app.setGlobalPrefix('api');
  app.use('/api', requireJson);
  app.useBodyParser('json', { limit: config.bodyLimit, strict: true });
  app.use('/api', limitJsonDepth);
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  // The hot route of a campaign launch skips Express's router and Nest's route proxies but runs the same request
  // log, the same three middlewares above, then the same guards, pipes, controller and filter (see ballot-lane.ts).
  const lane = installBallotLane(app, (): Middleware[] => [
    laneRequestLog(pinoHttp({ ...requestLogOptions(config), logger: PinoLogger.root }).logger, requestLogOptions(config)),
    requireJson,
    bodyParser.json({ limit: config.bodyLimit, strict: true }),
    limitJsonDepth,
  ]);
  app.set(BALLOT_LANE_SETTING, lane);

  const docs = new DocumentBuilder()
    .setTitle('协商通 API')
    .setDescription('集体协商：意见征集、要约应约、协商会议、集体合同与统计')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, docs));

  if (config.h5Dir && existsSync(path.join(config.h5Dir, 'index.html'))) {
    app.useStaticAssets(config.h5Dir, { index: 'index.html', maxAge: '1h', setHeaders: noCacheForHtml });
  }
  return app;
}

function noCacheForHtml(res: Response, file: string): void {
  if (file.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}
