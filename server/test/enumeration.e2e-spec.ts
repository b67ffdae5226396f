// Objects of one city walked by the accounts of another: every endpoint that takes an id refuses, and the refusal
// says nothing about the object. Identifiers are random UUIDs, never sequential.
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { makeConsultation } from './support/consultations.js';
import { makeContract, makeEnterprise } from './support/contracts.js';
import { invitationWorld, makeInvitation } from './support/invitations.js';
import { startServer, type Actor, type TestServer } from './support/server.js';
import { sessionRequest } from './support/sessions.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('objects of another region or organization', () => {
  let s: TestServer;
  const ids: Record<string, string> = {};
  const secrets: string[] = [];
  let outsiders: Record<string, Actor>;

  beforeAll(async () => {
    s = await startServer();
    const w = await invitationWorld(s, 'enum');
    const c = await makeConsultation(s, w.cityOrganizer, { title: '成都骑手机密征集' });
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise, { consultationId: c.id, body: '成都机密要约正文' });
    await s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'accept' });
    const session = await s.api(w.cityOrganizer).post(`/invitations/${inv.id}/sessions`, sessionRequest({ minutes: '成都机密会议纪要' }));
    const pub = await s.api(w.cityOrganizer).post(`/sessions/${session.body.id}/publish`, {});
    const platform = await makeEnterprise(s, w.cityOrganizer, { isPlatform: true, name: '成都机密平台有限公司' });
    const contract = await makeContract(s, w.cityOrganizer, [platform.id], { title: '成都机密集体合同' });
    Object.assign(ids, {
      consultations: c.id,
      invitations: inv.id,
      sessions: session.body.id,
      publications: pub.body.id,
      organizations: platform.id,
      contracts: contract.body?.id ?? contract.id,
    });
    secrets.push('成都骑手机密征集', '成都机密要约正文', '成都机密会议纪要', '成都机密平台有限公司', '成都机密集体合同');
    outsiders = {
      'Mianyang organizer': w.otherCityOrganizer,
      'Mianyang admin': w.otherAdmin,
      'Mianyang enterprise': w.otherEnterprise,
      'Mianyang rider': await s.worker('enum-mianyang-rider', '510703', 'rider'),
      'Chengdu courier': await s.worker('enum-chengdu-courier', '510104', 'courier'),
    };
  });
  afterAll(async () => {
    await s.stop();
  });

  it('gives every object a random UUID', () => {
    for (const id of Object.values(ids)) expect(id).toMatch(UUID_V4);
  });

  it('refuses every endpoint that takes one of these ids to outsiders, revealing nothing of the object', async () => {
    const doc = SwaggerModule.createDocument(s.app, new DocumentBuilder().build());
    const failures: string[] = [];
    let calls = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      const collection = path.replace(/^\/api\//, '').split('/')[0];
      if (!path.includes('{id}') || !ids[collection]) continue;
      const url = path
        .replace(/^\/api/, '')
        .replace('{id}', ids[collection])
        .replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
        if (!(item as Record<string, unknown>)[method]) continue;
        for (const [who, actor] of Object.entries(outsiders)) {
          const api = s.api(actor);
          const res = method === 'get' || method === 'delete' ? await api[method](url) : await api[method](url, {});
          calls++;
          const text = JSON.stringify(res.body ?? '') + (res.text ?? '');
          if (res.status < 400) failures.push(`${method.toUpperCase()} ${url} as ${who} → ${res.status}`);
          if (res.status >= 500) failures.push(`${method.toUpperCase()} ${url} as ${who} → ${res.status}`);
          for (const secret of secrets)
            if (text.includes(secret)) failures.push(`${method.toUpperCase()} ${url} as ${who} leaks "${secret}"`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(100);
  });

  it('keeps the objects out of the outsiders’ lists', async () => {
    for (const [who, actor] of Object.entries(outsiders)) {
      for (const list of ['/consultations', '/invitations', '/contracts', '/sessions', '/organizations?type=enterprise', '/negotiations']) {
        const res = await s.api(actor).get(list);
        const text = JSON.stringify(res.body);
        for (const secret of secrets) expect(`${who} ${list}: ${text.includes(secret)}`).toBe(`${who} ${list}: false`);
      }
    }
  });
});
