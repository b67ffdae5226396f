// Walks every endpoint of the API with every role, both ways: the table below is the declared access of the
// product (what its screens need), each role granted an endpoint must get past the access check to the endpoint's
// own answer, every other role and anonymous callers must be refused, and the test fails when an endpoint exists
// that the table does not list (access is denied by default).
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Role } from '@xst/shared-types';
import { startServer, type Actor, type TestServer } from './support/server.js';

const ALL: Role[] = ['worker', 'organizer', 'enterprise', 'admin'];
const STAFF: Role[] = ['organizer', 'admin'];
type Access = Role[] | 'public';

/** "METHOD /path" (OpenAPI form, without /api) → who may call it. */
const ACCESS: Record<string, Access> = {
  'GET /health': 'public',
  'GET /info': 'public',
  'GET /regions': 'public',
  'POST /auth/wechat': 'public',
  'POST /auth/dev-login': 'public',
  'POST /auth/redeem': ALL,
  'POST /auth/logout': ALL,
  'GET /me': ALL,
  'PATCH /me': ALL,
  'GET /me/export': ALL,
  'DELETE /me': ['worker', 'enterprise'],
  'GET /subscriptions': ALL,
  'POST /subscriptions': ALL,
  'GET /moderation': ['organizer'],
  'POST /moderation/{id}/decision': ['organizer'],
  'POST /invite-codes': STAFF,
  'GET /organizations': ['organizer', 'admin', 'enterprise'],
  'GET /organizations/{id}': ['organizer', 'admin', 'enterprise'],
  'POST /organizations': STAFF,
  'PATCH /organizations/{id}': ['organizer', 'admin', 'enterprise'],
  'GET /audit': ['admin'],
  'POST /invitations/{id}/sessions': ['organizer'],
  'GET /invitations/{id}/sessions': ['organizer', 'admin', 'enterprise'],
  'GET /sessions': STAFF,
  'GET /sessions/counts': STAFF,
  'GET /sessions/{id}': ['organizer', 'admin', 'enterprise'],
  'PATCH /sessions/{id}': ['organizer'],
  'POST /sessions/{id}/publish': ['organizer'],
  'POST /invitations/{id}/publications': ['organizer'],
  'GET /invitations/{id}/publications': ['organizer', 'admin', 'enterprise'],
  'GET /negotiations': ['worker'],
  'PUT /publications/{id}/feedback': ['worker'],
  'GET /publications/{id}/feedback-summary': STAFF,
  'GET /topics/catalog': ALL,
  'POST /consultations': STAFF,
  'GET /consultations': ['worker', 'organizer', 'admin'],
  'GET /consultations/{id}': ALL,
  'PATCH /consultations/{id}': STAFF,
  'POST /consultations/{id}/close': STAFF,
  'POST /consultations/{id}/extend': STAFF,
  'PUT /consultations/{id}/ballot': ['worker'],
  'GET /consultations/{id}/results': ALL,
  'GET /consultations/{id}/participation': STAFF,
  'GET /consultations/{id}/roll': STAFF,
  'GET /consultations/{id}/results.xlsx': STAFF,
  'GET /consultations/{id}/results.csv': STAFF,
  'GET /consultations/{id}/wxacode.png': STAFF,
  'GET /consultations/{id}/poster.pdf': STAFF,
  'GET /consultations/{id}/suggestions': ALL,
  'GET /consultations/{id}/suggestions/groups/{groupId}': ALL,
  'POST /consultations/{id}/suggestions/merge': STAFF,
  'GET /consultations/{id}/suggestions/export.xlsx': STAFF,
  'GET /consultations/{id}/suggestions/export.csv': STAFF,
  'GET /contracts': ['organizer', 'admin', 'enterprise'],
  'POST /contracts': STAFF,
  'POST /contracts/package': STAFF,
  'GET /contracts/{id}': ['organizer', 'admin', 'enterprise'],
  'PATCH /contracts/{id}': STAFF,
  'POST /contracts/{id}/objection': STAFF,
  'POST /contracts/{id}/attachments': STAFF,
  'GET /contracts/{id}/attachments/{attachmentId}': ['organizer', 'admin', 'enterprise'],
  'POST /activities': STAFF,
  'GET /activities': STAFF,
  'GET /statistics/new-employment': STAFF,
  'GET /statistics/new-employment.xlsx': STAFF,
  'GET /statistics/new-employment.csv': STAFF,
  'GET /statistics/form': STAFF,
  'GET /statistics/congress': STAFF,
  'GET /statistics/form.xlsx': STAFF,
  'GET /statistics/form.csv': STAFF,
  'GET /statistics/ledger.xlsx': STAFF,
  'GET /statistics/ledger.csv': STAFF,
  'POST /invitations': ['organizer', 'enterprise'],
  'GET /invitations': ['organizer', 'admin', 'enterprise'],
  'GET /invitations/counts': ['organizer', 'admin', 'enterprise'],
  'GET /invitations/{id}': ['organizer', 'admin', 'enterprise'],
  'POST /invitations/{id}/send': ['organizer', 'enterprise'],
  'POST /invitations/{id}/reply': ['organizer', 'enterprise'],
  'POST /invitations/{id}/withdraw': ['organizer', 'enterprise'],
  'POST /invitations/{id}/escalations': STAFF,
  'POST /invitations/{id}/delivery': ['organizer', 'enterprise'],
  'GET /invitations/{id}/letter.docx': ['organizer', 'admin', 'enterprise'],
  'GET /roll/me': ['worker'],
  'POST /roll/codes/redeem': ['worker'],
  'POST /roll/code-batches': STAFF,
  'GET /roll/code-batches': STAFF,
  'POST /roll/code-batches/{id}/revoke': STAFF,
  'GET /roll/summary': STAFF,
  'POST /petitions': ['worker'],
  'GET /petitions': ['worker', 'organizer', 'admin'],
  'GET /petitions/employers': ['worker'],
  'GET /petitions/figures': STAFF,
  'GET /petitions/{id}': ['worker', 'organizer', 'admin'],
  'PUT /petitions/{id}/signature': ['worker'],
  'DELETE /petitions/{id}/signature': ['worker'],
  'POST /petitions/{id}/invitation': ['organizer'],
  'POST /roll/phone': ['worker'],
  'GET /roll/code-batches/{id}/sheet.docx': STAFF,
  'POST /roll/rosters': STAFF,
  'GET /roll/rosters': STAFF,
  'POST /drafts': ['organizer'],
  'GET /invitations/{id}/drafts': ['organizer', 'admin', 'enterprise'],
  'GET /drafts/{id}': ALL,
  'POST /drafts/{id}/versions': ['organizer'],
  'GET /drafts/{id}/versions/{version}': ALL,
  'GET /drafts/{id}/diff': ALL,
  'POST /drafts/{id}/publish': ['organizer'],
  'PUT /drafts/{id}/comment': ['worker'],
  'GET /drafts/{id}/comments': STAFF,
  'POST /congresses': ['organizer'],
  'GET /congresses': ['worker', 'organizer', 'admin'],
  'GET /congresses/{id}': ['worker', 'organizer', 'admin'],
  'PUT /congresses/{id}/ballot': ['worker'],
  'GET /congresses/{id}/members': ['organizer'],
  'POST /congresses/{id}/check-ins': ['organizer'],
  'POST /congresses/{id}/close': ['organizer'],
  'POST /congresses/{id}/contract': ['organizer'],
  'GET /congresses/{id}/resolution.docx': STAFF,
  'GET /congresses/{id}/resolution.pdf': STAFF,
  'GET /congresses/{id}/filing.zip': STAFF,
};

const DUMMY_ID = '00000000-0000-4000-8000-000000000000';

describe('access to every endpoint by every role', () => {
  let s: TestServer;
  const actors: Partial<Record<Role, Actor>> = {};

  beforeAll(async () => {
    s = await startServer();
    actors.worker = await s.worker('access-worker');
    actors.organizer = await s.login('access-organizer', 'organizer', { regionCode: '510100' });
    actors.enterprise = await s.login('access-enterprise', 'enterprise', { regionCode: '510104' });
    actors.admin = await s.login('access-admin', 'admin', { regionCode: '510000' });
  });
  afterAll(async () => {
    await s.stop();
  });

  function routes(): string[] {
    const doc = SwaggerModule.createDocument(s.app, new DocumentBuilder().build());
    const out: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
        if ((item as Record<string, unknown>)[method]) out.push(`${method.toUpperCase()} ${path.replace(/^\/api/, '')}`);
      }
    }
    return out.sort();
  }

  it('lists every endpoint of the API in the access table', () => {
    expect(routes().filter((r) => !(r in ACCESS))).toEqual([]);
  });

  /** One request to `route` with a dummy id and an empty body: harmless, and refused by the service if it gets there. */
  function call(route: string, actor?: Actor) {
    const [method, path] = route.split(' ');
    const url = path.replace(/\{[^}]+\}/g, DUMMY_ID);
    const api = s.api(actor);
    const m = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    return m === 'get' || m === 'delete' ? api[m](url) : api[m](url, {});
  }

  /** Signing out and deleting the account end the session that sends them: each role gets a fresh account for those. */
  const ENDS_SESSION = new Set(['POST /auth/logout', 'DELETE /me']);
  let fresh = 0;
  const actorFor = async (route: string, role: Role): Promise<Actor> =>
    ENDS_SESSION.has(route)
      ? role === 'worker'
        ? s.worker(`access-fresh-${++fresh}`)
        : s.login(`access-fresh-${++fresh}`, role, { regionCode: '510100' })
      : actors[role]!;

  it('refuses each role every endpoint it is not granted, and anonymous callers every non-public one', async () => {
    const failures: string[] = [];
    for (const route of routes()) {
      const access = ACCESS[route];
      if (!access || access === 'public') continue;
      const anon = await call(route);
      if (anon.status !== 401) failures.push(`${route} anonymous → ${anon.status}`);
      for (const role of ALL.filter((r) => !access.includes(r))) {
        const res = await call(route, await actorFor(route, role));
        if (res.status !== 403) failures.push(`${route} as ${role} → ${res.status}, expected 403`);
        if (JSON.stringify(res.body).includes(DUMMY_ID)) failures.push(`${route} leaks the id in its refusal`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('lets each role past the access check of every endpoint it is granted (an answer of the endpoint itself)', async () => {
    const failures: string[] = [];
    for (const route of routes()) {
      const access = ACCESS[route];
      if (!access) continue;
      const granted = access === 'public' ? [undefined, ...ALL] : access;
      for (const role of granted) {
        const res = await call(route, role && (await actorFor(route, role)));
        // 2xx, or the endpoint's own 400/404/409 about the dummy id and empty body: never 401 or 403, never a 5xx.
        if (res.status === 401 || res.status === 403 || res.status >= 500) {
          failures.push(`${route} as ${role ?? 'anonymous'} → ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
