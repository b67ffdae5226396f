import 'reflect-metadata';
import { MODULE_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ERROR_CODES } from '@xst/shared-types';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/config.js';
import type { Holds, Same } from './api-contract.js';

type Class = abstract new (...args: never) => unknown;

/** Every controller of the application, found through the modules AppModule imports. */
function controllers(): Class[] {
  const seen = new Set<unknown>();
  const out: Class[] = [];
  const visit = (m: unknown) => {
    const module = (m as { module?: unknown })?.module ?? m;
    if (!module || seen.has(module)) return;
    seen.add(module);
    out.push(...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, module) ?? []) as Class[]));
    out.push(...(((m as { controllers?: Class[] }).controllers ?? []) as Class[]));
    for (const i of [...(Reflect.getMetadata(MODULE_METADATA.IMPORTS, module) ?? []), ...((m as { imports?: unknown[] }).imports ?? [])])
      visit(i);
  };
  visit(AppModule.forRoot(loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), BALLOT_SECRET: 'y'.repeat(40) })));
  return [...new Set(out)];
}

/** The classes of the @Body() and @Query() parameters of every route. */
function requestClasses(): string[] {
  const out = new Set<string>();
  for (const c of controllers()) {
    for (const method of Object.getOwnPropertyNames(c.prototype)) {
      const args: Record<string, { index: number }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, c, method) ?? {};
      const types: Class[] = Reflect.getMetadata('design:paramtypes', c.prototype, method) ?? [];
      for (const [key, { index }] of Object.entries(args)) {
        const kind = Number(key.split(':')[0]);
        if (kind === RouteParamtypes.BODY || kind === RouteParamtypes.QUERY) out.add(types[index].name);
      }
    }
  }
  return [...out].sort();
}

describe('the contract between the server and the mini-program', () => {
  it('pairs every request body and query of the API with its shared-types request', () => {
    const listed = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'api-contract.ts'), 'utf8');
    const classes = requestClasses();
    expect(classes.length).toBeGreaterThan(30);
    // The dev controls (AUTH_DEV_LOGIN only, outside the API documentation) are not part of the contract.
    expect(classes.filter((name) => name !== 'ClockDto' && !listed.includes(`Holds<Same<${name},`))).toEqual([]);
  });

  it('lists only error codes the server answers with (its exceptions accept no other)', () => {
    const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const text = (readdirSync(src, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
      .map((f) => readFileSync(path.join(src, f), 'utf8'))
      .join('\n');
    expect(ERROR_CODES.filter((code) => !text.includes(`'${code}'`))).toEqual([]);
  });

  it('tells a DTO from a request that differs in an optional or nested field', () => {
    type Checks = [
      Holds<Same<{ a: string; b?: number }, { a: string; b?: number }>>,
      // @ts-expect-error an optional field the DTO lacks
      Holds<Same<{ a: string }, { a: string; b?: number }>>,
      // @ts-expect-error a field that may be null on one side only
      Holds<Same<{ a?: string | null }, { a?: string }>>,
      // @ts-expect-error a nested field of another type
      Holds<Same<{ t: { n: string }[] }, { t: { n: number }[] }>>,
    ];
    const checked: Checks['length'] = 4;
    expect(checked).toBe(4);
  });
});
