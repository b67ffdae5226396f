// A session's topics (each title and what it came to) and its place are read by the other side, the region's
// organizers and later the workers' contract: each text passes WeChat's msgSecCheck 2.0 as its writer's. Risky → 400
// naming the very field, nothing written; review, or WeChat unreachable → kept and read as the placeholder by
// everybody (the sessions API, the region list, the audit trail), a draft is not made from it, until an organizer of
// the region approves; hidden → never shown. What each topic came to (agreed, open…) stays readable throughout.
import { HELD_TEXT, type CreateSessionRequest, type ModerationItem, type NegotiationSession } from '@xst/shared-types';
import { invitationWorld, makeInvitation, type InvitationWorld } from './support/invitations.js';
import { startServer, type Actor, type TestServer } from './support/server.js';
import { sessionRequest } from './support/sessions.js';

describe('session topics and place checked with WeChat before the other side reads them', () => {
  let s: TestServer;
  let w: InvitationWorld;
  let invitationId: string;

  beforeAll(async () => {
    s = await startServer();
    w = await invitationWorld(s, 'mt');
    const inv = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    expect((await s.api(w.enterprise).post(`/invitations/${inv.id}/reply`, { decision: 'accept' })).status).toBe(200);
    invitationId = inv.id;
  });
  afterAll(async () => {
    await s.stop();
  });

  const queue = async (actor: Actor) => ((await s.api(actor).get('/moderation?status=held')).body.items ?? []) as ModerationItem[];
  const decide = (actor: Actor, id: string, decision: string) => s.api(actor).post(`/moderation/${id}/decision`, { decision });
  const itemOf = async (text: string) => (await queue(w.cityOrganizer)).find((i) => i.text === text)!;
  const draftFrom = (sessionId: string, text?: string) =>
    s.api(w.cityOrganizer).post('/drafts', {
      sessionId,
      kind: 'comprehensive',
      title: '骑手权益专项集体合同',
      summary: '夜间补贴等协商一致的内容',
      ...(text ? { text } : {}),
    });

  /** Everything the readers of a session get, as one string, and the session as each reads it. */
  async function everywhere(sessionId: string): Promise<{ all: string; seen: NegotiationSession[] }> {
    const parts: string[] = [];
    const seen: NegotiationSession[] = [];
    for (const r of [w.cityOrganizer, w.cityOrganizer2, w.enterprise, w.admin]) {
      const one = await s.api(r).get(`/sessions/${sessionId}`);
      expect(one.status).toBe(200);
      seen.push(one.body);
      parts.push(JSON.stringify(one.body), JSON.stringify((await s.api(r).get(`/invitations/${invitationId}/sessions`)).body));
    }
    parts.push(JSON.stringify((await s.api(w.cityOrganizer).get('/sessions')).body));
    const audit = await s.api(w.admin).get(`/audit?entity=session&id=${sessionId}`);
    expect(audit.status).toBe(200);
    expect(audit.body.length).toBeGreaterThan(0);
    parts.push(JSON.stringify(audit.body));
    return { all: parts.join('\n'), seen };
  }

  it('refuses a risky topic or place naming the field, on create and on correction, writing nothing', async () => {
    const before = await s.rowCounts();
    const topics = [
      { title: '抽成比例', outcome: 'agreed' as const, note: '高峰时段抽成下调 1 个百分点' },
      { title: '算法调整', outcome: 'open' as const, note: '下次再谈（违禁词）' },
    ];
    for (const [over, field] of [
      [{ topics }, 'topics[1].note'],
      [{ topics: [{ title: '抽成（违禁词）', outcome: 'agreed' as const }] }, 'topics[0].title'],
      [{ place: '三楼（违禁词）会议室' }, 'place'],
    ] as [Partial<CreateSessionRequest>, string][]) {
      const res = await s.api(w.cityOrganizer).post(`/invitations/${invitationId}/sessions`, sessionRequest(over));
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe(field);
      expect(res.body.message).toMatch(/不宜发布/);
    }
    expect(await s.rowCounts()).toEqual(before);
    expect(s.wechat.secChecks.at(-1)).toMatchObject({ version: 2, scene: 3, openid: 'mt-city-org' });

    const ok = await s.api(w.cityOrganizer).post(`/invitations/${invitationId}/sessions`, sessionRequest());
    expect(ok.status).toBe(201);
    expect(ok.body.topics).toEqual(sessionRequest().topics);
    expect(ok.body.place).toBe(sessionRequest().place);
    const counts = await s.rowCounts();
    const fix = await s.api(w.cityOrganizer).patch(`/sessions/${ok.body.id}`, { topics });
    expect(fix.status).toBe(400);
    expect(fix.body.fields[0].field).toBe('topics[1].note');
    const place = await s.api(w.cityOrganizer).patch(`/sessions/${ok.body.id}`, { place: '（违禁词）' });
    expect(place.status).toBe(400);
    expect(place.body.fields[0].field).toBe('place');
    expect(await s.rowCounts()).toEqual(counts);
    const read = (await s.api(w.enterprise).get(`/sessions/${ok.body.id}`)).body;
    expect(read.topics).toEqual(sessionRequest().topics);
    expect(read.place).toBe(sessionRequest().place);
    // A clean correction goes through as before.
    const clean = [{ title: '抽成比例', outcome: 'agreed', note: '全天抽成下调 1 个百分点' }];
    const fixed = await s.api(w.cityOrganizer).patch(`/sessions/${ok.body.id}`, { topics: clean });
    expect(fixed.status).toBe(200);
    expect((await s.api(w.enterprise).get(`/sessions/${ok.body.id}`)).body.topics).toEqual(clean);
    expect((await draftFrom(ok.body.id)).status).toBe(201);
  });

  it('holds topics WeChat sends for review: nobody reads them and no draft is made of them until an organizer approves', async () => {
    const note = '夜间配送补贴每单 2 元（待审词）';
    const place = '待审词大厦三楼';
    const res = await s.api(w.cityOrganizer).post(
      `/invitations/${invitationId}/sessions`,
      sessionRequest({
        place,
        topics: [
          { title: '夜间补贴', outcome: 'agreed', note },
          { title: '算法（待审词）调整', outcome: 'open' },
        ],
      }),
    );
    expect(res.status).toBe(201);
    const held = await everywhere(res.body.id);
    expect(held.all).not.toContain('待审词');
    for (const seen of held.seen) {
      expect(seen.topics).toEqual([
        { title: '夜间补贴', outcome: 'agreed', note: HELD_TEXT },
        { title: HELD_TEXT, outcome: 'open' },
      ]);
      expect(seen.place).toBe(HELD_TEXT);
    }
    // A draft made of the placeholder would keep it: refused, saying why; a text written by the organizer is theirs.
    const refused = await draftFrom(res.body.id);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('session_topics_held');
    expect(refused.body.message).toMatch(/审核/);
    const written = await draftFrom(res.body.id, '第1条 夜间补贴按双方约定执行');
    expect(written.status).toBe(201);
    expect(JSON.stringify(written.body)).not.toContain('待审词');

    const item = await itemOf(note);
    expect(item).toMatchObject({ kind: 'session_topics', label: '协商议题及结果', reason: 'review', status: 'held', regionCode: '510100' });
    expect(await itemOf(place)).toMatchObject({ kind: 'session_place', label: '协商会议地点' });
    expect((await decide(w.otherCityOrganizer, item.id, 'approve')).status).toBe(404);
    expect((await decide(w.cityOrganizer, item.id, 'approve')).status).toBe(200);
    const draft = await draftFrom(res.body.id);
    expect(draft.status).toBe(201);
    expect(draft.body.current.text).toBe(`第1条 夜间补贴：${note}`);
    const approved = await everywhere(res.body.id);
    for (const seen of approved.seen) expect(seen.topics[0]).toEqual({ title: '夜间补贴', outcome: 'agreed', note });
    expect(approved.all).not.toContain('算法（待审词）调整');
    expect(approved.all).not.toContain(place);
    expect((await decide(w.cityOrganizer, (await itemOf('算法（待审词）调整')).id, 'approve')).status).toBe(200);
    expect((await decide(w.cityOrganizer, (await itemOf(place)).id, 'approve')).status).toBe(200);
    const all = await everywhere(res.body.id);
    for (const seen of all.seen) {
      expect(seen.topics[1]).toEqual({ title: '算法（待审词）调整', outcome: 'open' });
      expect(seen.place).toBe(place);
    }
  });

  it('holds a correction made while WeChat is unreachable, and never shows a hidden topic', async () => {
    const ok = await s.api(w.cityOrganizer).post(`/invitations/${invitationId}/sessions`, sessionRequest());
    const note = '配送超时不再扣款';
    s.wechat.secCheckDown = true;
    try {
      const fix = await s
        .api(w.cityOrganizer)
        .patch(`/sessions/${ok.body.id}`, { topics: [{ title: '超时罚款', outcome: 'agreed', note }] });
      expect(fix.status).toBe(200);
      expect(fix.body.topics).toEqual([{ title: HELD_TEXT, outcome: 'agreed', note: HELD_TEXT }]);
    } finally {
      s.wechat.secCheckDown = false;
    }
    expect((await everywhere(ok.body.id)).all).not.toContain(note);
    const item = await itemOf(note);
    expect(item).toMatchObject({ kind: 'session_topics', reason: 'unchecked', status: 'held' });
    expect((await decide(w.cityOrganizer, item.id, 'hide')).status).toBe(200);
    expect((await decide(w.cityOrganizer, (await itemOf('超时罚款')).id, 'approve')).status).toBe(200);
    const hidden = await everywhere(ok.body.id);
    expect(hidden.all).not.toContain(note);
    for (const seen of hidden.seen) expect(seen.topics).toEqual([{ title: '超时罚款', outcome: 'agreed', note: HELD_TEXT }]);
    expect((await draftFrom(ok.body.id)).status).toBe(409);
    // Sent again as it was, the hidden text stays hidden: the decision is not undone by a resubmission.
    const again = await s
      .api(w.cityOrganizer)
      .patch(`/sessions/${ok.body.id}`, { topics: [{ title: '超时罚款', outcome: 'agreed', note }] });
    expect(again.status).toBe(200);
    expect(again.body.topics[0].note).toBe(HELD_TEXT);
  });
});
