// Thousands of generated malformed requests across every endpoint of the API: each must be answered with a 4xx
// (never a 5xx, never a success), the server must still answer afterwards, and the database must not change.
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Role } from '@xst/shared-types';
import request from 'supertest';
import { makeConsultation } from './support/consultations.js';
import { makeContract, makeEnterprise } from './support/contracts.js';
import { invitationWorld, makeInvitation } from './support/invitations.js';
import { startServer, type Actor, type TestServer } from './support/server.js';
import { sessionRequest } from './support/sessions.js';
import { databaseFingerprint } from './support/snapshot.js';

const TOTAL = 5200;

/** A small deterministic generator, so that a failure can be replayed by its seed. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  return { next, pick: <T>(a: readonly T[]): T => a[Math.floor(next() * a.length)], int: (n: number) => Math.floor(next() * n) };
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  "' OR 1=1 --",
  '"; DROP TABLE ballots; --',
  "1' UNION SELECT openid FROM users --",
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  '${7*7}{{7*7}}',
  '../../../../etc/passwd',
  '\u0000',
  '\u202e\u200b\ufeff',
  '𠜎𠜱𠝹🙂👨‍👩‍👧',
  '\ud800',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗̻͆',
  'x'.repeat(70_000),
  '-1',
  '1e309',
  '00000000-0000-0000-0000-00000000000g',
  '2024-02-30',
  '9999-99-99T99:99:99Z',
  'null',
  'undefined',
  '__proto__',
  'constructor',
];
const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  -1,
  0,
  -2147483649,
  2 ** 53 + 1,
  1.5,
  1e308,
  -1e308,
  [],
  [null],
  {},
  { $gt: '' },
  { __proto__: { admin: true } },
  '2024-13-45',
  '1970-01-01T00:00:00Z',
  '2999-01-01',
  ...HOSTILE_STRINGS,
];

/** Percent-encodes, turning what cannot be encoded (a lone surrogate) into bytes that are not UTF-8 at all. */
const enc = (x: string) => {
  try {
    return encodeURIComponent(x);
  } catch {
    return '%ED%A0%80%FF';
  }
};

interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  params: string[];
  query: string[];
  bodyFields: string[] | null;
  multipart: boolean;
}

describe('hostile input across every endpoint', () => {
  let s: TestServer;
  const actors: Partial<Record<Role, Actor>> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    s = await startServer({ BODY_LIMIT: '64kb' });
    const w = await invitationWorld(s, 'fz');
    Object.assign(actors, { worker: w.worker, organizer: w.cityOrganizer, enterprise: w.enterprise, admin: w.admin });
    const c = await makeConsultation(s, w.cityOrganizer);
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise, { consultationId: c.id });
    await s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'accept' });
    const session = await s.api(w.cityOrganizer).post(`/invitations/${inv.id}/sessions`, sessionRequest());
    const pub = await s.api(w.cityOrganizer).post(`/sessions/${session.body.id}/publish`, {});
    const platform = await makeEnterprise(s, w.admin, { isPlatform: true });
    const contract = await makeContract(s, w.admin, [platform.id]);
    Object.assign(ids, {
      consultation: c.id,
      invitation: inv.id,
      session: session.body.id,
      publication: pub.body.id,
      organization: platform.id,
      contract: contract.body?.id ?? contract.id,
    });
  });
  afterAll(async () => {
    await s.stop();
  });

  function routes(): Route[] {
    const doc = SwaggerModule.createDocument(s.app, new DocumentBuilder().build());
    const schemas = (doc.components?.schemas ?? {}) as Record<string, { properties?: Record<string, unknown> }>;
    const out: Route[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
        const op = (item as Record<string, any>)[method];
        if (!op) continue;
        const params = (op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name);
        const query = (op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name);
        const content = op.requestBody?.content ?? {};
        const ref: string | undefined = content['application/json']?.schema?.$ref;
        const bodyFields = ref ? Object.keys(schemas[ref.split('/').pop()!]?.properties ?? {}) : op.requestBody ? [] : null;
        out.push({
          method,
          path: path.replace(/^\/api/, ''),
          params,
          query,
          bodyFields,
          multipart: Boolean(content['multipart/form-data']),
        });
      }
    }
    return out;
  }

  const PUBLIC = new Set(['GET /health', 'GET /info', 'GET /regions', 'GET /topics/catalog', 'POST /auth/wechat', 'POST /auth/dev-login']);

  /** The ways a request to `r` can be malformed so that it must be refused, whoever sends it. */
  function mutations(r: Route): string[] {
    const m: string[] = PUBLIC.has(`${r.method.toUpperCase()} ${r.path}`) ? [] : ['bad-token'];
    if (r.params.length) m.push('bad-id', 'bad-id', 'bad-id');
    if (r.bodyFields)
      m.push(
        'unknown-field',
        'unknown-field',
        'wrong-type',
        'not-an-object',
        'bad-json',
        'bad-utf8',
        'wrong-content-type',
        'too-large',
        'deep',
      );
    if (r.multipart) m.push('bad-multipart');
    // Free-text search ("q") takes any text, injection strings included: those are answered, safely, with results.
    if (r.query.some((q) => q !== 'q') && r.method === 'get') m.push('bad-query', 'bad-query');
    if (r.query.length && r.method === 'get') m.push('unknown-query');
    return m;
  }

  function realPath(r: Route, g: ReturnType<typeof rng>, hostileParam?: string): string {
    return r.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      if (hostileParam === name) return enc(String(g.pick(HOSTILE_STRINGS)).slice(0, 2000)) || '%20';
      const key = Object.keys(ids).find((k) => r.path.includes(`/${k}s/{${name}}`) || r.path.startsWith(`/${k}s/`)) ?? 'invitation';
      return ids[key];
    });
  }

  it(`answers ${TOTAL} malformed requests with 4xx only, keeps answering, and changes nothing`, async () => {
    const all = routes().filter((r) => mutations(r).length > 0);
    const before = await databaseFingerprint(s);
    const g = rng(20261125);
    const failures: string[] = [];
    const tally: Record<string, number> = {};
    let sent = 0;

    const one = async () => {
      const r = g.pick(all);
      const kind = g.pick(mutations(r));
      const role = g.pick(['worker', 'organizer', 'enterprise', 'admin'] as Role[]);
      const token =
        kind === 'bad-token'
          ? g.pick(['Bearer ', 'Bearer x.y.z', 'Basic abc', `Bearer ${actors[role]!.token}x`, `Bearer ${'a'.repeat(5000)}`])
          : `Bearer ${actors[role]!.token}`;
      const path = realPath(r, g, kind === 'bad-id' ? g.pick(r.params) : undefined);
      let url = `/api${path}`;
      if (kind === 'bad-query')
        url += `?${g.pick(r.query.filter((q) => q !== 'q'))}=${enc(String(g.pick(HOSTILE_STRINGS)).slice(0, 3000))}`;
      if (kind === 'unknown-query') url += `?${g.pick(r.query)}=1&zz${g.int(99)}=${enc(g.pick(HOSTILE_STRINGS).slice(0, 100))}`;
      let req = request(s.url)[r.method](url).set('authorization', token);
      const field = r.bodyFields?.length ? g.pick(r.bodyFields) : 'title';
      switch (kind) {
        case 'unknown-field':
          req = req.send({
            [field]: g.pick(HOSTILE_VALUES),
            [`${g.pick(['$where', 'isAdmin', 'role', 'id', 'voterKey', 'zz'])}${g.int(9)}`]: g.pick(HOSTILE_VALUES),
          });
          break;
        case 'wrong-type':
          req = req.send({ [field]: g.pick([{ nested: { deeper: [1, 2, 3] } }, [[[]]], -1e308, '💥'.repeat(30_000), null, true]), zz: 1 });
          break;
        case 'not-an-object':
          req = req.set('content-type', 'application/json').send(JSON.stringify(g.pick([1, 'text', [1, 2], null, true, 1e308])));
          break;
        case 'bad-json':
          req = req
            .set('content-type', 'application/json')
            .send(g.pick(['{', '{"a":', '{"a":1,}', "{'a':1}", 'NaN', '{"a":01}', '\u0000']));
          break;
        case 'bad-utf8':
          req = req
            .set('content-type', 'application/json; charset=utf-8')
            .send(
              Buffer.from([
                0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x2c, 0x22, 0x7a, 0x7a, 0x22, 0x3a, 0x31, 0x7d,
              ]),
            );
          break;
        case 'wrong-content-type':
          req = req
            .set('content-type', g.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'image/png']))
            .send('title=1&zz=2');
          break;
        case 'too-large':
          req = req.send({ [field]: 'x'.repeat(70 * 1024), zz: 1 });
          break;
        case 'deep': {
          let v: unknown = 1;
          for (let i = 0; i < 14 + g.int(200); i++) v = { a: v };
          req = req.send({ [field]: v });
          break;
        }
        case 'bad-multipart':
          req = req
            .set('content-type', 'multipart/form-data; boundary=zz')
            .send(g.pick(['--zz\r\nContent-Disposition: form-data; name="file"\r\n\r\nnot an image\r\n--zz--', '--zz\r\n\r\n', 'garbage']));
          break;
        default:
          if (r.method !== 'get' && r.method !== 'delete' && r.bodyFields) req = req.send({ zz: g.pick(HOSTILE_VALUES) });
      }
      const res = await req.ok(() => true);
      sent++;
      tally[res.status] = (tally[res.status] ?? 0) + 1;
      if (res.status < 400 || res.status >= 500)
        failures.push(
          `${res.status} ${r.method.toUpperCase()} ${url.slice(0, 120)} (${kind} as ${role}) ${JSON.stringify(res.body).slice(0, 200)}`,
        );
    };

    const workers = Array.from({ length: 8 }, async () => {
      while (sent < TOTAL) await one();
    });
    await Promise.all(workers);

    expect(failures.slice(0, 20)).toEqual([]);
    expect((await request(s.url).get('/api/health')).status).toBe(200);
    expect(await databaseFingerprint(s)).toEqual(before);
    console.log(`hostile input (${s.dbKind}): ${sent} requests over ${all.length} endpoints; statuses ${JSON.stringify(tally)}`);
  }, 180_000);
});
