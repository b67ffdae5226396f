// Minutes, what is published to the workers (a summary, minutes or an outcome) and workers' comments on a draft
// contract pass WeChat's msgSecCheck 2.0 as their writer's: risky → 400 naming the field, nothing written; review, or
// WeChat unreachable → kept and held, read as the placeholder by everybody (lists, the worker's 协商 page, the audit
// trail) until an organizer of the region approves; the workers hear of a held publication only once it is approved.
import { HELD_TEXT, type ModerationItem } from '@xst/shared-types';
import JSZip from 'jszip';
import type request from 'supertest';
import { randomUscc } from './support/contracts.js';
import { SubscribeOutbox } from '../src/subscriptions/subscribe-outbox.js';
import { publishedDraft } from './support/congress.js';
import { makeConsultation, topicIds, vote } from './support/consultations.js';
import { invitationWorld, makeInvitation, type InvitationWorld } from './support/invitations.js';
import { startServer, type Actor, type TestServer } from './support/server.js';
import { sessionRequest } from './support/sessions.js';
import { acceptSubscriptions } from './support/subscriptions.js';

describe('minutes, publications and comments checked with WeChat before anyone else reads them', () => {
  let s: TestServer;
  let w: InvitationWorld;
  let invitationId: string;
  let riders: Actor[];

  beforeAll(async () => {
    s = await startServer({ RESULTS_STEP: '3' });
    w = await invitationWorld(s, 'ms');
    const c = await makeConsultation(s, w.cityOrganizer);
    riders = [w.worker, await s.worker('ms-r1'), await s.worker('ms-r2')];
    for (const r of riders) expect((await vote(s, r, c, [topicIds(c)[0]])).status).toBe(200);
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise, { consultationId: c.id });
    expect((await s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'accept' })).status).toBe(200);
    invitationId = inv.id;
  });
  afterAll(async () => {
    await s.app.get(SubscribeOutbox).settled();
    await s.stop();
  });

  const queue = async (actor: Actor) => ((await s.api(actor).get('/moderation?status=held')).body.items ?? []) as ModerationItem[];
  const decide = (actor: Actor, id: string, decision: string) => s.api(actor).post(`/moderation/${id}/decision`, { decision });
  const itemOf = async (text: string) => (await queue(w.cityOrganizer)).find((i) => i.text === text)!;
  const publicationsSeenBy = async (worker: Actor) =>
    ((await s.api(worker).get('/negotiations')).body as { invitationId: string; publications: { title: string; body: string }[] }[])
      .filter((n) => n.invitationId === invitationId)
      .flatMap((n) => n.publications);

  it('refuses risky minutes naming the field, on create and on correction, writing nothing', async () => {
    const before = await s.rowCounts();
    const res = await s
      .api(w.cityOrganizer)
      .post(`/invitations/${invitationId}/sessions`, sessionRequest({ minutes: '双方协商（违禁词）' }));
    expect(res.status).toBe(400);
    expect(res.body.fields[0].field).toBe('minutes');
    expect(res.body.message).toMatch(/不宜发布/);
    expect(await s.rowCounts()).toEqual(before);
    expect(s.wechat.secChecks.at(-1)).toMatchObject({ version: 2, scene: 3, openid: 'ms-city-org' });
    const ok = await s.api(w.cityOrganizer).post(`/invitations/${invitationId}/sessions`, sessionRequest());
    expect(ok.status).toBe(201);
    const counts = await s.rowCounts();
    const fix = await s.api(w.cityOrganizer).patch(`/sessions/${ok.body.id}`, { minutes: '更正（违禁词）' });
    expect(fix.status).toBe(400);
    expect(fix.body.fields[0].field).toBe('minutes');
    expect(await s.rowCounts()).toEqual(counts);
    expect((await s.api(w.enterprise).get(`/sessions/${ok.body.id}`)).body.minutes).toBe(sessionRequest().minutes);
  });

  it('holds minutes WeChat sends for review: both sides and the audit trail read the placeholder until an organizer approves', async () => {
    const text = '双方就抽成比例进行了协商（待审词）';
    const res = await s.api(w.cityOrganizer).post(`/invitations/${invitationId}/sessions`, sessionRequest({ minutes: text }));
    expect(res.status).toBe(201);
    const readers = [w.cityOrganizer, w.cityOrganizer2, w.enterprise, w.admin];
    for (const r of readers) {
      expect((await s.api(r).get(`/sessions/${res.body.id}`)).body.minutes).toBe(HELD_TEXT);
      expect(JSON.stringify((await s.api(r).get(`/invitations/${invitationId}/sessions`)).body)).not.toContain('待审词');
    }
    expect(JSON.stringify((await s.api(w.cityOrganizer).get('/sessions')).body)).not.toContain('待审词');
    const audit = await s.api(w.admin).get(`/audit?entity=session&id=${res.body.id}`);
    expect(audit.status).toBe(200);
    expect(audit.body.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit.body)).not.toContain('待审词');
    const item = await itemOf(text);
    expect(item).toMatchObject({ kind: 'minutes', label: '会议纪要', reason: 'review', status: 'held', regionCode: '510100' });
    // Not an organizer of this region: the item is not theirs to clear.
    expect((await decide(w.otherCityOrganizer, item.id, 'approve')).status).toBe(404);
    expect((await decide(w.cityOrganizer, item.id, 'approve')).status).toBe(200);
    for (const r of readers) expect((await s.api(r).get(`/sessions/${res.body.id}`)).body.minutes).toBe(text);
    expect(JSON.stringify((await s.api(w.admin).get(`/audit?entity=session&id=${res.body.id}`)).body)).toContain('待审词');
  });

  it('refuses a risky outcome naming the field, writing nothing and telling no one', async () => {
    await acceptSubscriptions(s, s.wechat, riders[1], 'ms-r1');
    const before = await s.rowCounts();
    for (const [body, field] of [
      [{ title: '协商结果（违禁词）', body: '双方同意。' }, 'title'],
      [{ title: '协商结果', body: '双方同意（违禁词）。' }, 'body'],
    ] as const) {
      const res = await s.api(w.cityOrganizer).post(`/invitations/${invitationId}/publications`, body);
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe(field);
    }
    expect(await s.rowCounts()).toEqual(before);
  });

  it('holds an outcome for review: workers read the placeholder and hear of it only once it is approved', async () => {
    const body = '高峰时段抽成下调 1 个百分点（待审词）';
    s.wechat.sent.length = 0;
    const res = await s.api(w.cityOrganizer).post(`/invitations/${invitationId}/publications`, { title: '第一轮协商结果', body });
    expect(res.status).toBe(201);
    await s.app.get(SubscribeOutbox).settled();
    const seen = (await publicationsSeenBy(riders[0])).find((p) => p.title === '第一轮协商结果');
    expect(seen?.body).toBe(HELD_TEXT);
    expect(JSON.stringify((await s.api(w.enterprise).get(`/invitations/${invitationId}/publications`)).body)).not.toContain('待审词');
    // Held: nothing is sent, and the acceptance is kept for when it is out.
    expect(s.wechat.sent).toHaveLength(0);
    expect((await s.api(riders[1]).get('/subscriptions')).body.quotas[0].remaining).toBe(1);
    const item = await itemOf(body);
    expect(item).toMatchObject({ kind: 'publication', label: '向职工公开的纪要或协商结果' });
    expect((await decide(w.cityOrganizer, item.id, 'approve')).status).toBe(200);
    expect((await publicationsSeenBy(riders[0])).find((p) => p.title === '第一轮协商结果')?.body).toBe(body);
    s.clock.setOffset(s.clock.offset() + 11 * 60_000);
    try {
      await s.app.get(SubscribeOutbox).deliverDue();
    } finally {
      s.clock.setOffset(s.clock.offset() - 11 * 60_000);
    }
    expect(s.wechat.sent.map((m) => [m.touser, m.data.thing1.value])).toEqual([['ms-r1', '协商结果已公开']]);
  });

  it('keeps a summary published while WeChat is unreachable held, never shown unchecked; hidden, it is never told of', async () => {
    await acceptSubscriptions(s, s.wechat, riders[2], 'ms-r2');
    const session = await s.api(w.cityOrganizer).post(`/invitations/${invitationId}/sessions`, sessionRequest());
    const summary = '本次会议达成两项共识';
    s.wechat.secCheckDown = true;
    try {
      const res = await s.api(w.cityOrganizer).post(`/sessions/${session.body.id}/publish`, { summary });
      expect(res.status).toBe(201);
      expect(res.body.body).toBe(HELD_TEXT);
    } finally {
      s.wechat.secCheckDown = false;
    }
    expect(JSON.stringify(await publicationsSeenBy(riders[2]))).not.toContain(summary);
    const item = await itemOf(summary);
    expect(item).toMatchObject({ kind: 'publication', reason: 'unchecked', status: 'held' });
    expect((await decide(w.cityOrganizer, item.id, 'hide')).status).toBe(200);
    s.clock.setOffset(s.clock.offset() + 11 * 60_000);
    try {
      await s.app.get(SubscribeOutbox).deliverDue();
    } finally {
      s.clock.setOffset(s.clock.offset() - 11 * 60_000);
    }
    expect(JSON.stringify(await publicationsSeenBy(riders[2]))).not.toContain(summary);
    expect(s.wechat.sent.filter((m) => m.touser === 'ms-r2')).toHaveLength(0);
    expect((await s.api(riders[2]).get('/subscriptions')).body.quotas[0].remaining).toBe(1);
  });

  it("keeps a held title out of a worker's own export of the ratings they gave, and out of it for good once hidden", async () => {
    const title = '第二轮协商结果（待审词）';
    const res = await s.api(w.cityOrganizer).post(`/invitations/${invitationId}/publications`, { title, body: '双方同意下次继续协商' });
    expect(res.status).toBe(201);
    const pub = (await publicationsSeenBy(riders[0])).find((p) => p.title === HELD_TEXT) as { id?: string } | undefined;
    const id = (pub?.id ?? res.body.id) as string;
    expect((await s.api(riders[0]).put(`/publications/${id}/feedback`, { rating: 4, knowsContract: true })).status).toBe(200);
    const exported = async () => JSON.stringify((await s.api(riders[0]).get('/me/export')).body);
    expect(await exported()).not.toContain('待审词');
    expect(await exported()).toContain(HELD_TEXT);
    expect((await decide(w.cityOrganizer, (await itemOf(title)).id, 'hide')).status).toBe(200);
    expect(await exported()).not.toContain('待审词');
    // An approved title is the worker's to read, in the export too.
    const shown = '第三轮协商结果（待审词）';
    const other = await s.api(w.cityOrganizer).post(`/invitations/${invitationId}/publications`, { title: shown, body: '双方同意' });
    expect((await s.api(riders[0]).put(`/publications/${other.body.id}/feedback`, { rating: 5, knowsContract: true })).status).toBe(200);
    expect((await decide(w.cityOrganizer, (await itemOf(shown)).id, 'approve')).status).toBe(200);
    expect(await exported()).toContain(shown);
  });

  it('refuses a risky comment on a draft and holds one for review from the organizers until approved', async () => {
    const session = await s.api(w.cityOrganizer).post(`/invitations/${invitationId}/sessions`, sessionRequest());
    const draft = await publishedDraft(s, { ...w, invitation: { id: invitationId } as never, sessionId: session.body.id });
    const before = await s.rowCounts();
    const risky = await s.api(riders[0]).put(`/drafts/${draft.id}/comment`, { body: '这条意见（违禁词）' });
    expect(risky.status).toBe(400);
    expect(risky.body.fields[0].field).toBe('body');
    expect(await s.rowCounts()).toEqual(before);
    expect(s.wechat.secChecks.at(-1)).toMatchObject({ version: 2, scene: 2, openid: 'ms-worker' });
    const text = '夜间补贴要写清楚（待审词）';
    expect((await s.api(riders[0]).put(`/drafts/${draft.id}/comment`, { body: text })).status).toBe(200);
    expect((await s.api(riders[1]).put(`/drafts/${draft.id}/comment`, { body: '同意草案' })).status).toBe(200);
    const comments = async () =>
      ((await s.api(w.cityOrganizer).get(`/drafts/${draft.id}/comments`)).body as { body: string }[]).map((c) => c.body).sort();
    expect(await comments()).toEqual([HELD_TEXT, '同意草案'].sort());
    const item = await itemOf(text);
    expect(item).toMatchObject({ kind: 'draft_comment', label: '职工对合同草案的意见', status: 'held' });
    expect(JSON.stringify(item)).not.toContain(riders[0].user.id);
    expect((await decide(w.cityOrganizer, item.id, 'approve')).status).toBe(200);
    expect(await comments()).toEqual([text, '同意草案'].sort());
  });

  it('shows a held organization name to nobody else: invitations, the letter, the workers’ 协商 page, the ledger, until approved', async () => {
    const name = '待审词即时配送有限公司';
    const made = await s
      .api(w.cityOrganizer)
      .post('/organizations', { type: 'enterprise', regionCode: '510104', uscc: randomUscc('510104'), name });
    expect(made.status).toBe(201);
    const rep = await s.login('ms-held-ent', 'enterprise', { organizationId: made.body.id });
    const c = await makeConsultation(s, w.cityOrganizer);
    const inv = await makeInvitation(s, w.cityOrganizer, rep, { consultationId: c.id });
    expect((await s.api(rep).post(`/invitations/${inv.id}/reply`, { decision: 'accept' })).status).toBe(200);
    const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    };
    const everywhere = async () => {
      const seen: string[] = [];
      for (const r of [w.cityOrganizer, w.cityOrganizer2, w.admin]) {
        seen.push(JSON.stringify((await s.api(r).get(`/invitations/${inv.id}`)).body));
        seen.push(JSON.stringify((await s.api(r).get('/invitations')).body));
      }
      seen.push(JSON.stringify((await s.api(riders[0]).get('/negotiations')).body));
      const letter = await s.api(w.cityOrganizer).get(`/invitations/${inv.id}/letter.docx`).buffer(true).parse(binary);
      expect(letter.status).toBe(200);
      seen.push(await (await JSZip.loadAsync(letter.body as Buffer)).file('word/document.xml')!.async('string'));
      const ledger = await s.api(w.cityOrganizer).get('/statistics/ledger.xlsx').buffer(true).parse(binary);
      expect(ledger.status).toBe(200);
      const sheets = await JSZip.loadAsync(ledger.body as Buffer);
      for (const f of Object.keys(sheets.files).filter((f) => f.endsWith('.xml'))) seen.push(await sheets.file(f)!.async('string'));
      return seen.join('\n');
    };
    const held = await everywhere();
    expect(held).not.toContain('待审词即时配送');
    expect(held).toContain(HELD_TEXT);
    const item = await itemOf(name);
    expect((await decide(w.cityOrganizer, item.id, 'approve')).status).toBe(200);
    expect(await everywhere()).toContain(name);
  });
});
