// Content security: every text others read is checked with WeChat's msgSecCheck 2.0 as its writer's. Risky → 400
// naming the field, nothing written; review, or WeChat unreachable → kept, and held for an organizer of the region:
// read back as every other role, it shows nowhere until approved, and never once hidden.
import { HELD_TEXT, type ModerationItem } from '@xst/shared-types';
import JSZip from 'jszip';
import { WechatAccessToken } from '../src/wechat/access-token.js';
import { ballotRows, makeConsultation, topicIds, vote } from './support/consultations.js';
import { randomUscc } from './support/contracts.js';
import { invitationWorld, makeInvitation, type InvitationWorld } from './support/invitations.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

describe('texts checked with WeChat before anyone else reads them', () => {
  let s: TestServer;
  let w: InvitationWorld;
  let workers: Actor[];

  beforeAll(async () => {
    // Results are published in snapshots of RESULTS_STEP ballots; with 3, the tests below read them at close.
    s = await startServer({ RESULTS_STEP: '3' });
    w = await invitationWorld(s, 'mod');
    workers = [];
    for (let i = 0; i < 6; i++) workers.push(await s.worker(`mod-rider-${i}`));
    // The access token is asked for once, before the tests that count rows.
    await s.app.get(WechatAccessToken).get();
  });
  afterAll(async () => {
    await s.stop();
  });

  const queue = async (actor: Actor, status = 'held') => {
    const res = await s.api(actor).get(`/moderation?status=${status}`);
    expect(res.status).toBe(200);
    return res.body.items as ModerationItem[];
  };
  const decide = (actor: Actor, id: string, decision: string) => s.api(actor).post(`/moderation/${id}/decision`, { decision });
  /** Every other role's reading of a consultation's suggestions. */
  const suggestionsSeenBy = async (consultationId: string, readers: Actor[]) => {
    const seen: string[][] = [];
    for (const r of readers) {
      const res = await s.api(r).get(`/consultations/${consultationId}/results`);
      expect(res.status).toBe(200);
      seen.push(res.body.suggestions);
    }
    return seen;
  };

  it('refuses a risky suggestion naming the field and writes no ballot', async () => {
    const c = await makeConsultation(s, w.cityOrganizer);
    const counts = await s.rowCounts();
    const res = await vote(s, workers[0], c, [topicIds(c)[0]], '这里有违禁词');
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ field: 'suggestion', message: expect.stringContaining('建议') }]);
    expect(res.body.message).toMatch(/不宜发布/);
    expect(await s.rowCounts()).toEqual(counts);
    // Checked as WeChat requires: version 2, the writer's openid, the comment scene.
    expect(s.wechat.secChecks.at(-1)).toEqual({ content: '这里有违禁词', version: 2, scene: 2, openid: 'mod-rider-0' });
  });

  it('keeps a suggestion WeChat sends for review, shows it to nobody until an organizer of the region approves it', async () => {
    const c = await makeConsultation(s, w.cityOrganizer);
    expect((await vote(s, workers[0], c, [topicIds(c)[0]], '站点要有休息室')).status).toBe(200);
    expect((await vote(s, workers[1], c, [topicIds(c)[1]], '请把待审词删掉')).status).toBe(200);
    expect((await ballotRows(s, c.id)).map((b) => b.suggestion).sort()).toEqual(['站点要有休息室', '请把待审词删掉'].sort());
    expect((await vote(s, workers[4], c, [topicIds(c)[1]])).status).toBe(200);
    expect((await s.api(w.cityOrganizer).post(`/consultations/${c.id}/close`)).status).toBe(200);
    const readers = [w.cityOrganizer, w.cityOrganizer2, w.admin, workers[0], workers[1]];
    for (const seen of await suggestionsSeenBy(c.id, readers)) expect(seen).toEqual(['站点要有休息室']);
    const csv = await s.api(w.cityOrganizer).get(`/consultations/${c.id}/results.csv`);
    expect(csv.text).not.toContain('待审词');
    // The writer's own export still holds it: it is theirs.
    expect(JSON.stringify((await s.api(workers[1]).get('/me/export')).body)).toContain('请把待审词删掉');

    const held = (await queue(w.cityOrganizer)).filter((i) => i.text === '请把待审词删掉');
    expect(held).toMatchObject([{ kind: 'suggestion', label: '职工建议', reason: 'review', status: 'held', regionCode: '510100' }]);
    // Nothing in the item names who wrote it.
    expect(Object.keys(held[0]).sort()).toEqual([
      'createdAt',
      'decidedAt',
      'id',
      'kind',
      'label',
      'reason',
      'regionCode',
      'status',
      'text',
    ]);
    // Another city's organizer neither sees nor clears it.
    expect((await queue(w.otherCityOrganizer)).some((i) => i.id === held[0].id)).toBe(false);
    expect((await decide(w.otherCityOrganizer, held[0].id, 'approve')).status).toBe(404);

    expect((await decide(w.cityOrganizer, held[0].id, 'approve')).status).toBe(200);
    for (const seen of await suggestionsSeenBy(c.id, readers)) expect(seen.sort()).toEqual(['站点要有休息室', '请把待审词删掉'].sort());
    expect((await decide(w.cityOrganizer2, held[0].id, 'hide')).status).toBe(409);
    expect((await queue(w.cityOrganizer, 'decided')).find((i) => i.id === held[0].id)).toMatchObject({ status: 'approved' });
  });

  it('keeps a suggestion written while WeChat is unreachable, held and never shown unchecked; hidden, it stays hidden', async () => {
    const c = await makeConsultation(s, w.cityOrganizer);
    s.wechat.secCheckDown = true;
    try {
      const res = await vote(s, workers[2], c, [topicIds(c)[0]], '夜里送单太危险');
      expect(res.status).toBe(200);
    } finally {
      s.wechat.secCheckDown = false;
    }
    expect((await ballotRows(s, c.id)).map((b) => b.suggestion)).toEqual(['夜里送单太危险']);
    for (const worker of [workers[3], workers[5]]) expect((await vote(s, worker, c, [topicIds(c)[1]])).status).toBe(200);
    expect((await s.api(w.cityOrganizer).post(`/consultations/${c.id}/close`)).status).toBe(200);
    for (const seen of await suggestionsSeenBy(c.id, [w.cityOrganizer, w.admin, workers[2]])) expect(seen).toEqual([]);
    const [item] = (await queue(w.cityOrganizer)).filter((i) => i.text === '夜里送单太危险');
    expect(item).toMatchObject({ reason: 'unchecked', status: 'held' });
    expect((await decide(w.cityOrganizer, item.id, 'hide')).status).toBe(200);
    for (const seen of await suggestionsSeenBy(c.id, [w.cityOrganizer, w.admin, workers[2]])) expect(seen).toEqual([]);
  });

  it('refuses a risky invitation body naming the field, writing nothing', async () => {
    const counts = await s.rowCounts();
    const res = await s.api(w.cityOrganizer).post('/invitations', {
      fromOrganizationId: w.cityOrganizer.user.organizationId,
      toOrganizationId: w.enterprise.user.organizationId,
      scope: 'new_employment',
      topics: [{ title: '订单分配' }],
      body: '要约正文里有违禁词',
      representativesPerSide: 5,
      chiefRepresentative: '王建国',
    });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ field: 'body', message: expect.stringContaining('要约正文') }]);
    expect(await s.rowCounts()).toEqual(counts);
  });

  it('holds an invitation body for review: every reader, the letter included, sees the placeholder until it is approved', async () => {
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise, { body: '请贵方提供资料（待审词）' });
    expect(s.wechat.secChecks.at(-1)).toMatchObject({ scene: 3, openid: 'mod-city-org', version: 2 });
    const readers = [w.cityOrganizer, w.cityOrganizer2, w.enterprise, w.enterprise2, w.admin];
    for (const r of readers) {
      const one = await s.api(r).get(`/invitations/${inv.id}`);
      expect(one.body.body).toBe(HELD_TEXT);
      const list = await s.api(r).get('/invitations');
      expect(JSON.stringify(list.body)).not.toContain('待审词');
    }
    const letter = await s
      .api(w.enterprise)
      .get(`/invitations/${inv.id}/letter.docx`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(letter.status).toBe(200);
    const xml = await (await JSZip.loadAsync(letter.body as Buffer)).file('word/document.xml')!.async('string');
    expect(xml).not.toContain('待审词');
    const audit = await s.api(w.admin).get(`/audit?entity=invitation&id=${inv.id}`);
    expect(JSON.stringify(audit.body)).not.toContain('待审词');

    const [item] = (await queue(w.cityOrganizer)).filter((i) => i.kind === 'invitation_body' && i.text.includes('待审词'));
    expect((await decide(w.cityOrganizer, item.id, 'approve')).status).toBe(200);
    for (const r of readers) expect((await s.api(r).get(`/invitations/${inv.id}`)).body.body).toBe('请贵方提供资料（待审词）');
  });

  it('refuses a risky decline reason and holds one for review from the sending union', async () => {
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    const risky = await s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'decline', reason: '理由有违禁词' });
    expect(risky.status).toBe(400);
    expect(risky.body.fields).toEqual([{ field: 'reason', message: expect.stringContaining('理由') }]);
    expect((await s.api(w.cityOrganizer).get(`/invitations/${inv.id}`)).body.status).toBe('sent');
    const held = await s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'decline', reason: '本月不便（待审词）' });
    expect(held.status).toBe(200);
    for (const r of [w.cityOrganizer, w.cityOrganizer2, w.admin, w.enterprise2]) {
      const one = (await s.api(r).get(`/invitations/${inv.id}`)).body;
      expect(one.status).toBe('declined');
      expect(one.reply.reason).toBe(HELD_TEXT);
    }
  });

  it('refuses a risky organization name and holds one for review', async () => {
    const risky = await s
      .api(w.cityOrganizer)
      .post('/organizations', { type: 'enterprise', regionCode: '510104', uscc: randomUscc('510104'), name: '违禁词配送有限公司' });
    expect(risky.status).toBe(400);
    expect(risky.body.fields[0].field).toBe('name');
    const made = await s
      .api(w.cityOrganizer)
      .post('/organizations', { type: 'enterprise', regionCode: '510104', uscc: randomUscc('510104'), name: '待审词配送有限公司' });
    expect(made.status).toBe(201);
    for (const r of [w.cityOrganizer, w.admin, w.cityOrganizer2]) {
      expect((await s.api(r).get(`/organizations/${made.body.id}`)).body.name).toBe(HELD_TEXT);
    }
    const [item] = (await queue(w.cityOrganizer)).filter((i) => i.kind === 'organization_name');
    expect(item.text).toBe('待审词配送有限公司');
  });

  it('refuses a decision that is neither approve nor hide, and one for an id that is not an item', async () => {
    const [item] = await queue(w.cityOrganizer);
    const bad = await decide(w.cityOrganizer, item?.id ?? '00000000-0000-4000-8000-000000000000', 'maybe');
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('decision');
    expect((await decide(w.cityOrganizer, '00000000-0000-4000-8000-000000000000', 'approve')).status).toBe(404);
    expect((await s.api(w.cityOrganizer).get('/moderation?status=all')).status).toBe(400);
  });
});
