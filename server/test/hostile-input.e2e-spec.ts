// Thousands of generated malformed requests across every endpoint of the API: each must be answered with a 4xx
// (never a 5xx, never a success), the server must still answer afterwards, and the database must not change.
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Role } from '@xst/shared-types';
import request from 'supertest';
import { consultationRequest, makeConsultation, vote } from './support/consultations.js';
import { contractBody, makeContract, makeEnterprise, randomUscc } from './support/contracts.js';
import { PetitionNoticesService } from '../src/petitions/petition-notices.service.js';
import { codeBatchRequest, makeCodeBatch, printedCode, verifyWithCode } from './support/roll.js';
import { DAY, invitationRequest, invitationWorld, makeInvitation, type InvitationWorld } from './support/invitations.js';
import { startServer, type Actor, type TestServer } from './support/server.js';
import { sessionRequest } from './support/sessions.js';
import { databaseFingerprint } from './support/snapshot.js';
import { shanghaiDate } from '../src/common/clock.js';

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
  let w: InvitationWorld;

  beforeAll(async () => {
    s = await startServer({ BODY_LIMIT: '64kb' });
    w = await invitationWorld(s, 'fz');
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

  // ---- one defect at a time in a body the endpoint accepts ----------------------------------------------------

  /** A request that the endpoint accepts as it is; each hostile case below changes exactly one thing in it. */
  interface Accepted {
    as: Role | 'anonymous';
    path: string;
    body: Record<string, unknown>;
  }

  describe('with one null or wrongly typed value in an otherwise acceptable body', () => {
    const accepted: Record<string, () => Accepted> = {};

    beforeAll(async () => {
      const today = shanghaiDate(s.clock.now());
      const daysFrom = (n: number) => shanghaiDate(new Date(s.clock.now().getTime() + n * DAY));
      const later = (days: number) => new Date(s.clock.now().getTime() + days * DAY).toISOString();
      const org = w.cityOrganizer;
      const countyUnion = w.countyOrganizer.user.organizationId!;
      const open = await makeConsultation(s, org, { closesAt: later(60) });
      const upcoming = await makeConsultation(s, org, { opensAt: later(2), closesAt: later(9) });
      // Published suggestions in two groups, for the merge.
      const suggested = await makeConsultation(s, org, { closesAt: later(60) });
      for (let i = 0; i < 5; i++) {
        const voter = await s.worker(`hostile-suggestion-${i}`);
        await vote(s, voter, suggested, [suggested.topics[0].id], i % 2 ? '雨天配送补贴' : '电动车换电太贵');
      }
      // Suggestions are published with the results snapshot, one step behind the newest: five more ballots show them.
      await s.api(org).get(`/consultations/${suggested.id}/results`);
      for (let i = 5; i < 10; i++) await vote(s, await s.worker(`hostile-suggestion-${i}`), suggested, [suggested.topics[1].id]);
      const groupIds = (await s.api(org).get(`/consultations/${suggested.id}/suggestions`)).body.items.map((g: { id: string }) => g.id);
      const toReply = await makeInvitation(s, org, w.enterprise);
      const toDeliver = await makeInvitation(s, org, w.enterprise);
      // An invitation sent 30 days ago and opened then: overdue now, so an escalation may be recorded.
      s.clock.setOffset(s.clock.offset() - 30 * DAY);
      const overdue = await makeInvitation(s, org, w.enterprise);
      await s.api(w.enterprise).get(`/invitations/${overdue.id}`);
      s.clock.setOffset(s.clock.offset() + 30 * DAY);
      const unpublished = await s.api(org).post(`/invitations/${ids.invitation}/sessions`, sessionRequest());
      const platform = await makeEnterprise(s, w.admin, { isPlatform: true });
      const filed = await makeContract(s, w.admin, [platform.id], {
        signedAt: daysFrom(-10),
        effectiveFrom: daysFrom(-10),
        expiresAt: daysFrom(700),
        filedAt: daysFrom(-2),
      });
      const code = await s.api(w.admin).post('/invite-codes', { role: 'enterprise', organizationId: platform.id, regionCode: '510104' });
      const redeemer = await s.worker('fz-redeemer');
      actors.worker = w.worker;
      const redeemerToken = redeemer.token;
      await verifyWithCode(s, org, w.worker, { platformOrgId: w.enterprise.user.organizationId });
      const sheet = await makeCodeBatch(s, org, { count: 3 });
      // A roster listing the number the phone-number code below stands for.
      const roster = await request(s.url)
        .post('/api/roll/rosters')
        .set('authorization', `Bearer ${org.token}`)
        .field('label', '骑手名单')
        .field('industry', 'rider')
        .field('regionCode', '510104')
        .attach('file', Buffer.from('13800000009\n'), 'roster.csv');
      expect(roster.status).toBe(201);
      const petition = await s.api(w.worker).post('/petitions', { organizationId: w.enterprise.user.organizationId });
      if (petition.status !== 201) throw new Error(`petition: ${petition.status} ${JSON.stringify(petition.body)}`);
      await s.app.get(PetitionNoticesService).settled(); // a fifth of this small roll: the organizers' notices go out now
      const { toOrganizationId: _to, ...petitionInvitation } = invitationRequest(org, w.enterprise);
      const suspended = { nextAt: later(3), nextPlace: '成都市总工会五楼', nextTopics: ['算法调整'] };
      const contract = (o: Record<string, unknown> = {}) => ({
        ...contractBody([platform.id], { signedAt: daysFrom(-5), effectiveFrom: daysFrom(-5), expiresAt: daysFrom(360) }),
        filedAt: daysFrom(-1),
        ...o,
      });
      // Drafts and congresses: one draft to edit and comment on, one to call a congress on, one open congress the
      // worker sits in (venue for check-in), and one adopted (its only member voted, so it may close at once).
      const draftOf = async (title: string) => {
        const d = await s.api(org).post('/drafts', { sessionId: ids.session, kind: 'comprehensive', title, summary: '高峰时段抽成下调。' });
        await s.api(org).post(`/drafts/${d.body.id}/publish`);
        return d.body.id as string;
      };
      const editable = await draftOf('可修改的草案');
      const toCall = await draftOf('待表决的草案');
      const congressOn = async (draftId: string) =>
        (
          await s.api(org).post('/congresses', {
            draftId,
            title: '职工代表大会',
            electorate: 'representatives',
            memberUserIds: [w.worker.user.id],
            opensAt: new Date(s.clock.now().getTime()).toISOString(),
            closesAt: later(1),
            venue: '成都市总工会大礼堂',
          })
        ).body.id as string;
      const openCongress = await congressOn(await draftOf('表决中的草案'));
      const adopted = await congressOn(await draftOf('已通过的草案'));
      await s.api(w.worker).put(`/congresses/${adopted}/ballot`, { choice: 'approve' });
      await s.api(org).post(`/congresses/${adopted}/close`);
      const { clientId: _, ...sessionFields } = sessionRequest({ recorder: '钱芳', suspended });
      // A name WeChat's content check sends for review: held for the city's organizers.
      await makeEnterprise(s, w.admin, { name: '待审词配送有限公司' });
      const heldItem = (await s.api(org).get('/moderation')).body.items[0] as { id: string };
      Object.assign(accepted, {
        'POST /auth/wechat': () => ({ as: 'anonymous', path: '/auth/wechat', body: { code: 'ok:fz-wechat-new' } }),
        'POST /auth/dev-login': () => ({
          as: 'anonymous',
          path: '/auth/dev-login',
          body: { openid: 'fz-dev-new', role: 'enterprise', organizationId: platform.id },
        }),
        'POST /subscriptions': () => ({ as: 'worker', path: '/subscriptions', body: { results: { negotiation_progress: 'accept' } } }),
        'POST /moderation/{id}/decision': () => ({
          as: 'organizer',
          path: `/moderation/${heldItem.id}/decision`,
          body: { decision: 'approve' },
        }),
        'POST /auth/redeem': () => ({ as: 'anonymous', path: '/auth/redeem', body: { code: code.body.code }, token: redeemerToken }),
        'PATCH /me': () => ({
          as: 'worker',
          path: '/me',
          body: { displayName: '骑手小李', industry: 'rider', platform: '美团', regionCode: '510104' },
        }),
        'POST /invite-codes': () => ({
          as: 'admin',
          path: '/invite-codes',
          body: { role: 'enterprise', organizationId: platform.id, regionCode: '510104', validDays: 7 },
        }),
        'POST /organizations': () => ({
          as: 'admin',
          path: '/organizations',
          body: {
            type: 'enterprise',
            name: '成都新骑士配送有限公司',
            regionCode: '510104',
            uscc: randomUscc('510104'),
            industry: 'I',
            isPlatform: true,
            employees: 300,
            isKeyEnterprise: true,
            hasUnion: false,
          },
        }),
        'PATCH /organizations/{id}': () => ({
          as: 'admin',
          path: `/organizations/${platform.id}`,
          body: {
            name: '成都速达配送（改名）有限公司',
            regionCode: '510104',
            uscc: randomUscc('510104'),
            industry: 'G',
            isPlatform: false,
            employees: 310,
            isKeyEnterprise: false,
            hasUnion: true,
            unionisedAt: '2020-03-20',
          },
        }),
        'POST /invitations/{id}/sessions': () => ({
          as: 'organizer',
          path: `/invitations/${ids.invitation}/sessions`,
          body: sessionRequest({ recorder: '钱芳', suspended }),
        }),
        'PATCH /sessions/{id}': () => ({ as: 'organizer', path: `/sessions/${ids.session}`, body: sessionFields }),
        'POST /sessions/{id}/publish': () => ({
          as: 'organizer',
          path: `/sessions/${unpublished.body.id}/publish`,
          body: { summary: '双方同意高峰时段抽成下调 1 个百分点。' },
        }),
        'POST /invitations/{id}/publications': () => ({
          as: 'organizer',
          path: `/invitations/${ids.invitation}/publications`,
          body: { title: '协商结果', body: '双方已签订专项集体合同。' },
        }),
        'PUT /publications/{id}/feedback': () => ({
          as: 'worker',
          path: `/publications/${ids.publication}/feedback`,
          body: { rating: 4, knowsContract: true },
        }),
        'POST /consultations': () => ({ as: 'organizer', path: '/consultations', body: { ...consultationRequest(s), maxChoices: 2 } }),
        'PATCH /consultations/{id}': () => ({
          as: 'organizer',
          path: `/consultations/${upcoming.id}`,
          body: { ...consultationRequest(s, { opensAt: later(3), closesAt: later(10) }), maxChoices: 2 },
        }),
        'POST /consultations/{id}/extend': () => ({
          as: 'organizer',
          path: `/consultations/${open.id}/extend`,
          body: { closesAt: later(90) },
        }),
        'POST /consultations/{id}/suggestions/merge': () => ({
          as: 'organizer',
          path: `/consultations/${suggested.id}/suggestions/merge`,
          body: { groupIds },
        }),
        'PUT /consultations/{id}/ballot': () => ({
          as: 'worker',
          path: `/consultations/${open.id}/ballot`,
          body: { choices: [open.topics[0].id, open.topics[1].id], suggestion: '希望增加休息点' },
        }),
        'POST /contracts': () => ({ as: 'admin', path: '/contracts', body: contract() }),
        'POST /contracts/package': () => {
          const { kind: _k, ...fields } = contract();
          return {
            as: 'admin',
            path: '/contracts/package',
            body: { ...fields, items: [{ kind: 'wage', title: '工资专项集体合同', enterprisesCovered: 1, workersCovered: 100 }] },
          };
        },
        'PATCH /contracts/{id}': () => {
          const { invitationId: _i, ...fields } = contract({ title: '2024年集体合同（修订）' });
          return { as: 'admin', path: `/contracts/${ids.contract}`, body: fields };
        },
        'POST /contracts/{id}/objection': () => ({
          as: 'admin',
          path: `/contracts/${filed.id}/objection`,
          body: { receivedAt: today, points: '第五条工资调整办法请重新协商' },
        }),
        'POST /activities': () => ({
          as: 'admin',
          path: '/activities',
          body: {
            type: 'quality_evaluated',
            regionCode: '510104',
            occurredAt: today,
            count: 1,
            enterpriseIds: [platform.id],
            newEmploymentEnterpriseIds: [platform.id],
            note: '质效评估',
          },
        }),
        'POST /roll/code-batches': () => ({
          as: 'organizer',
          path: '/roll/code-batches',
          body: { ...codeBatchRequest(s), platformOrgId: w.enterprise.user.organizationId },
        }),
        'POST /roll/code-batches/{id}/revoke': () => ({
          as: 'organizer',
          path: `/roll/code-batches/${sheet.id}/revoke`,
          body: { numbers: [3] },
        }),
        'POST /roll/codes/redeem': () => ({ as: 'worker', path: '/roll/codes/redeem', body: { code: printedCode(s, sheet.id, 1) } }),
        'POST /roll/phone': () => ({ as: 'worker', path: '/roll/phone', body: { code: 'phone:13800000009' } }),
        'POST /petitions': () => ({
          as: 'worker',
          path: '/petitions',
          body: { organizationId: w.enterprise.user.organizationId, topics: ['commission_rate', 'algorithm'] },
        }),
        'POST /petitions/{id}/invitation': () => ({
          as: 'organizer',
          path: `/petitions/${petition.body.id}/invitation`,
          body: { ...petitionInvitation, consultationId: open.id, proposedAt: later(5), onBehalfOfOrganizationId: countyUnion },
        }),
        'POST /invitations': () => ({
          as: 'organizer',
          path: '/invitations',
          body: {
            ...invitationRequest(org, w.enterprise),
            consultationId: open.id,
            proposedAt: later(5),
            onBehalfOfOrganizationId: countyUnion,
            draft: true,
          },
        }),
        'POST /invitations/{id}/reply': () => ({
          as: 'enterprise',
          path: `/invitations/${toReply.id}/reply`,
          body: {
            decision: 'accept',
            reason: '同意协商',
            proposedAt: later(6),
            proposedPlace: '企业会议室',
            counterTopics: [{ code: 'work_hours', title: '工作时间' }],
          },
        }),
        'POST /invitations/{id}/delivery': () => ({
          as: 'organizer',
          path: `/invitations/${toDeliver.id}/delivery`,
          body: { deliveredOn: today, note: '挂号信，门卫签收' },
        }),
        'POST /drafts': () => ({
          as: 'organizer',
          path: '/drafts',
          body: {
            sessionId: ids.session,
            kind: 'wage',
            title: '工资专项集体合同草案',
            text: '第一条 骑手最低单价不低于 4 元。',
            summary: '最低单价 4 元。',
          },
        }),
        'POST /drafts/{id}/versions': () => ({
          as: 'organizer',
          path: `/drafts/${editable}/versions`,
          body: { text: '第一条 高峰时段抽成下调 1.5 个百分点。', summary: '抽成下调 1.5 个百分点。', note: '采纳骑手意见' },
        }),
        'PUT /drafts/{id}/comment': () => ({ as: 'worker', path: `/drafts/${editable}/comment`, body: { body: '希望覆盖夜间时段' } }),
        'POST /congresses': () => ({
          as: 'organizer',
          path: '/congresses',
          body: {
            draftId: toCall,
            title: '职工代表大会',
            electorate: 'representatives',
            memberUserIds: [w.worker.user.id],
            industry: 'rider',
            opensAt: later(1),
            closesAt: later(2),
            venue: '成都市总工会大礼堂',
          },
        }),
        'PUT /congresses/{id}/ballot': () => ({ as: 'worker', path: `/congresses/${openCongress}/ballot`, body: { choice: 'abstain' } }),
        'POST /congresses/{id}/check-ins': () => ({
          as: 'organizer',
          path: `/congresses/${openCongress}/check-ins`,
          body: { userId: w.worker.user.id },
        }),
        'POST /congresses/{id}/contract': () => ({
          as: 'organizer',
          path: `/congresses/${adopted}/contract`,
          body: {
            signedAt: today,
            effectiveFrom: today,
            expiresAt: daysFrom(400),
            enterprisesCovered: 1,
            workersCovered: 3000,
            workerSide: { chief: '王建国', members: ['张伟', '刘芳'] },
            employerSide: { chief: '李明', members: ['周强', '吴磊'] },
            representativesChosen: '职工方代表由骑手民主推选产生，企业方代表由法定代表人书面委托。',
          },
        }),
        'POST /invitations/{id}/escalations': () => ({
          as: 'organizer',
          path: `/invitations/${overdue.id}/escalations`,
          body: { step: 'union_rectification', issuedAt: today, issuer: '成都市总工会', documentNo: '成工发〔2025〕1号', note: '限期答复' },
        }),
      });
    });

    type Schema = {
      $ref?: string;
      type?: string | string[];
      nullable?: boolean;
      properties?: Record<string, Schema>;
      items?: Schema;
      allOf?: Schema[];
    };

    let doc: ReturnType<typeof SwaggerModule.createDocument> | undefined;
    const openApi = () => (doc ??= SwaggerModule.createDocument(s.app, new DocumentBuilder().build()));

    function bodySchemas(): Map<string, Schema> {
      const doc = openApi();
      const out = new Map<string, Schema>();
      for (const [path, item] of Object.entries(doc.paths)) {
        for (const method of ['post', 'put', 'patch'] as const) {
          const schema = (item as Record<string, any>)[method]?.requestBody?.content?.['application/json']?.schema;
          if (schema) out.set(`${method.toUpperCase()} ${path.replace(/^\/api/, '')}`, schema);
        }
      }
      return out;
    }

    function resolve(schema: Schema | undefined): Schema | undefined {
      const components = openApi().components?.schemas as Record<string, Schema>;
      let v = schema;
      for (let i = 0; v && i < 5; i++) {
        if (v.$ref) v = { ...components[v.$ref.split('/').pop()!], nullable: v.nullable };
        else if (v.allOf?.length === 1) v = { ...v.allOf[0], nullable: v.nullable };
        else break;
      }
      return v;
    }

    /** The declared schema of one property path of a body ('topics[0].title'), to know whether null is a value there. */
    function schemaAt(root: Schema, path: (string | number)[]): Schema | undefined {
      let v = resolve(root);
      for (const seg of path) v = resolve(typeof seg === 'number' ? v?.items : v?.properties?.[seg]);
      return v;
    }
    const nullable = (sc: Schema | undefined) => Boolean(sc?.nullable || (Array.isArray(sc?.type) && sc.type.includes('null')));

    const label = (path: (string | number)[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');

    /** Every value path of a body: each property, each first array element, and what lies inside them. */
    function paths(value: unknown, at: (string | number)[] = []): { path: (string | number)[]; value: unknown }[] {
      const out: { path: (string | number)[]; value: unknown }[] = [];
      if (Array.isArray(value)) {
        if (value.length) out.push({ path: [...at, 0], value: value[0] }, ...paths(value[0], [...at, 0]).slice(1));
      } else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) out.push({ path: [...at, k], value: v }, ...paths(v, [...at, k]).slice(1));
      }
      return at.length ? [{ path: at, value }, ...out] : out;
    }

    function withValue(body: Record<string, unknown>, path: (string | number)[], v: unknown): Record<string, unknown> {
      const copy = structuredClone(body);
      let node: any = copy;
      for (const seg of path.slice(0, -1)) node = node[seg];
      node[path[path.length - 1]] = v;
      return copy;
    }

    /** The wrong values tried at a path, by the kind of value the endpoint expects there. */
    function wrongValues(expected: unknown): [string, unknown][] {
      const out: [string, unknown][] = [['null', null]];
      if (typeof expected === 'string') out.push(['an object', { value: expected }], ['an array of arrays', [[expected]]], ['a number', 7]);
      else if (typeof expected === 'number')
        out.push(['the number as text', String(expected)], ['an object', { value: expected }], ['an array of arrays', [[expected]]]);
      else if (typeof expected === 'boolean') out.push(['text', String(expected)], ['a number', 1]);
      else if (Array.isArray(expected))
        out.push(['an array of arrays', [expected]], ['an object', { ...expected }], ['text', 'x'], ['a list holding null', [null]]);
      else if (expected && typeof expected === 'object') out.push(['an array', [expected]], ['text', 'x'], ['an empty array', []]);
      return out;
    }

    it('lists an acceptable body for every endpoint that takes one', () => {
      expect([...bodySchemas().keys()].filter((k) => !(k in accepted)).sort()).toEqual([]);
    });

    it('refuses each with a 400 naming the field, in Chinese, and writes nothing', async () => {
      const schemas = bodySchemas();
      const before = await databaseFingerprint(s);
      const cases: { route: string; what: string; req: Accepted & { token?: string }; field: string }[] = [];
      for (const [route, schema] of schemas) {
        const base = accepted[route]() as Accepted & { token?: string };
        for (const { path, value } of paths(base.body)) {
          for (const [kind, wrong] of wrongValues(value)) {
            if (kind === 'null' && nullable(schemaAt(schema, path))) continue; // null clears an optional value there
            cases.push({
              route,
              what: `${label(path)} as ${kind}`,
              req: { ...base, body: withValue(base.body, path, wrong) },
              field: label(path),
            });
          }
        }
      }
      const failures: string[] = [];
      const about = (reported: string, field: string) =>
        reported === field || reported.startsWith(`${field}.`) || reported.startsWith(`${field}[`) || field.startsWith(reported);
      let next = 0;
      const workers = Array.from({ length: 8 }, async () => {
        while (next < cases.length) {
          const c = cases[next++];
          const token = c.req.token ?? (c.req.as === 'anonymous' ? undefined : actors[c.req.as]!.token);
          const method = c.route.split(' ')[0].toLowerCase() as 'post' | 'put' | 'patch';
          const res = await s.api(token)[method](c.req.path, c.req.body);
          const fields: { field: string; message: string }[] = res.body?.fields ?? [];
          const ok =
            res.status === 400 && fields.length > 0 && fields.every((f) => about(f.field, c.field) && /[\u4e00-\u9fff]/.test(f.message));
          if (!ok) failures.push(`${c.route} with ${c.what} → ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        }
      });
      await Promise.all(workers);
      console.log(`hostile input (${s.dbKind}): ${cases.length} single-defect bodies over ${schemas.size} endpoints`);
      expect(failures).toEqual([]);
      expect(await databaseFingerprint(s)).toEqual(before);
    }, 120_000);

    it('clears an optional value with null where the contract says so, and stores nothing else', async () => {
      const org = w.cityOrganizer;
      const association = await makeEnterprise(s, w.admin, { type: 'association' });
      const cleared = await s.api(w.admin).patch(`/organizations/${association.id}`, { industry: null, employees: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ industry: null, employees: null, name: association.name });
      const session = await s.api(org).patch(`/sessions/${ids.session}`, { online: true, place: null, recorder: null, suspended: null });
      expect(session.status).toBe(200);
      expect(session.body).toMatchObject({ online: true, place: null, recorder: null, suspended: null });
      // Offline again without a place: the rule of a session still holds after a null.
      const placeless = await s.api(org).patch(`/sessions/${ids.session}`, { online: false });
      expect([placeless.status, placeless.body.fields?.[0]?.field]).toEqual([400, 'place']);
      const filed = await s.api(w.admin).patch(`/contracts/${ids.contract}`, { filedAt: shanghaiDate(s.clock.now()) });
      expect(filed.body.filedAt).not.toBeNull();
      const unfiled = await s.api(w.admin).patch(`/contracts/${ids.contract}`, { filedAt: null });
      expect(unfiled.status).toBe(200);
      expect(unfiled.body).toMatchObject({ filedAt: null, effectiveOn: null, status: 'signed' });
      const upcoming = await makeConsultation(s, org, {
        opensAt: new Date(s.clock.now().getTime() + 2 * DAY).toISOString(),
        closesAt: new Date(s.clock.now().getTime() + 9 * DAY).toISOString(),
      });
      const described = await s.api(org).patch(`/consultations/${upcoming.id}`, { description: null });
      expect([described.status, described.body.description, described.body.title]).toEqual([200, null, upcoming.title]);
    });

    it('accepts each of those bodies as it is: the refusals above were the defect’s doing', async () => {
      const refused: string[] = [];
      for (const route of Object.keys(accepted)) {
        const req = accepted[route]() as Accepted & { token?: string };
        const token = req.token ?? (req.as === 'anonymous' ? undefined : actors[req.as]!.token);
        const method = route.split(' ')[0].toLowerCase() as 'post' | 'put' | 'patch';
        const res = await s.api(token)[method](req.path, req.body);
        if (res.status >= 300) refused.push(`${route} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
      expect(refused).toEqual([]);
    });
  });
});
