import { termLastDay, type Congress, type Draft } from '@xst/shared-types';
import JSZip from 'jszip';
import {
  callCongress,
  clockTo,
  congressWorld,
  HOUR,
  publishedDraft,
  riders,
  signedContract,
  type CongressWorld,
} from './support/congress.js';
import { contractBody } from './support/contracts.js';
import { verifyWithCode } from './support/roll.js';
import type { Actor, TestServer } from './support/server.js';
import { startServer } from './support/server.js';

/** The Asia/Shanghai date of the server's now. */
const today = (s: TestServer) => new Date(s.clock.now().getTime() + 8 * HOUR).toISOString().slice(0, 10);

/** The text of a Word file's body. */
async function docxText(buf: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buf)).file('word/document.xml')!.async('string');
  return xml.replace(/<w:p[ >].*?<\/w:p>/gs, (p) => `${p.replace(/<[^>]+>/g, '')}\n`).replace(/<[^>]+>/g, '');
}

const binary = (res: import('supertest').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('the workers congress that adopts a negotiated draft', () => {
  let s: TestServer;
  let w: CongressWorld;

  // A fresh database migrated, and a world of accounts: longer than a test's default on a busy MariaDB.
  beforeAll(async () => {
    s = await startServer();
    w = await congressWorld(s);
  }, 120_000);
  afterAll(async () => {
    await s.stop();
  });

  const vote = (who: Actor, c: Congress, choice: string) => s.api(who).put(`/congresses/${c.id}/ballot`, { choice });
  const get = (who: Actor, c: Congress) => s.api(who).get(`/congresses/${c.id}`);

  /** Votes `choices` by the first members in order, then moves the clock past the closing time. */
  async function run(c: Congress, people: Actor[], choices: string[]): Promise<Congress> {
    clockTo(s, c.opensAt);
    for (const [i, choice] of choices.entries()) expect((await vote(people[i], c, choice)).status).toBe(200);
    clockTo(s, c.closesAt);
    const closed = await get(w.cityOrganizer, c);
    expect(closed.body.status).toBe('closed');
    return closed.body;
  }

  beforeEach(() => s.clock.setOffset(0));

  it('goes from the session outcome to a recorded contract and its filing packet, with the exact figures', async () => {
    // The draft is written from what the session agreed, kept in versions, the differences shown.
    const made = await s.api(w.cityOrganizer).post('/drafts', {
      sessionId: w.sessionId,
      kind: 'comprehensive',
      title: '2025年外卖骑手权益保障集体合同',
      summary: '高峰时段抽成下调 1 个百分点。',
    });
    expect(made.status).toBe(201);
    expect(made.body.current.text).toContain('第1条 抽成比例：高峰时段抽成下调 1 个百分点');
    expect(made.body.current.text).not.toContain('算法调整');
    expect(made.body.parties.map((p: { id: string }) => p.id).sort()).toEqual(
      [w.cityOrganizer.user.organizationId, w.enterprise.user.organizationId].sort(),
    );
    const v2 = await s.api(w.cityOrganizer).post(`/drafts/${made.body.id}/versions`, {
      text: `${made.body.current.text.replace('1 个百分点', '1.5 个百分点')}\n第2条 恶劣天气每单补贴 2 元`,
      summary: '高峰时段抽成下调 1.5 个百分点，恶劣天气每单补贴 2 元。',
      note: '采纳骑手意见，提高下调幅度',
    });
    expect(v2.status).toBe(201);
    expect(v2.body.current.version).toBe(2);
    expect(v2.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const diff = await s.api(w.cityOrganizer).get(`/drafts/${made.body.id}/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    const removed = diff.body.parts
      .filter((p: { op: string }) => p.op === 'removed')
      .map((p: { text: string }) => p.text)
      .join('');
    const added = diff.body.parts
      .filter((p: { op: string }) => p.op === 'added')
      .map((p: { text: string }) => p.text)
      .join('');
    expect(removed).toBe('');
    expect(added).toContain('.5');
    expect(added).toContain('恶劣天气每单补贴 2 元');
    expect((await s.api(w.cityOrganizer).get(`/drafts/${made.body.id}/versions/1`)).body.text).toBe(made.body.current.text);

    // Published to the covered workers for comment, on the 10-day clock of minutes.
    expect(made.body.publishDueOn > today(s)).toBe(true);
    const pub = await s.api(w.cityOrganizer).post(`/drafts/${made.body.id}/publish`);
    expect(pub.status).toBe(200);
    expect(pub.body.publishedVersion).toBe(2);
    const news = await s.api(w.worker).get('/negotiations');
    const seen = news.body.flatMap((n: { publications: { title: string; body: string }[] }) => n.publications);
    expect(seen.find((p: { title: string }) => p.title.includes('合同草案征求意见')).body).toContain('1.5 个百分点');
    const comment = await s.api(w.worker).put(`/drafts/${made.body.id}/comment`, { body: '希望补贴覆盖夜间时段' });
    expect(comment.status).toBe(200);
    const comments = await s.api(w.cityOrganizer).get(`/drafts/${made.body.id}/comments`);
    expect(comments.body).toEqual([{ version: 2, body: '希望补贴覆盖夜间时段', createdAt: expect.any(String) }]);
    expect(JSON.stringify(comments.body)).not.toContain(w.worker.user.id);

    // Nine representatives, each on the roll; a congress with set times and a venue.
    const people = await riders(s, w.cityOrganizer, 9, 'journey');
    const c = await callCongress(s, w.cityOrganizer, pub.body as Draft, people);
    expect(c).toMatchObject({
      status: 'scheduled',
      draftVersion: 2,
      attendance: { electorate: 9, attendance: 0, quorumNeeds: 6 },
      result: null,
    });
    expect((await vote(people[0], c, 'approve')).body.code).toBe('congress_not_open');
    const frozen = await s
      .api(w.cityOrganizer)
      .post(`/drafts/${made.body.id}/versions`, { text: '第1条 另一种写法的条款内容', summary: '另一种写法', note: '改一改' });
    expect(frozen.status).toBe(409);
    expect(frozen.body.code).toBe('draft_frozen');

    clockTo(s, c.opensAt);
    // A member reads the draft with its plain summary; votes once, replaces it; sees only their own choice.
    const mine = await get(people[0], c);
    expect(mine.body).toMatchObject({ isMember: true, status: 'open', myChoice: null, summary: expect.stringContaining('1.5 个百分点') });
    expect((await vote(people[0], c, 'reject')).body.myChoice).toBe('reject');
    expect((await vote(people[0], c, 'approve')).body.myChoice).toBe('approve');
    for (const p of people.slice(1, 5)) expect((await vote(p, c, 'approve')).status).toBe(200);
    // On site: one member who also voted (counted once), one who only came.
    expect((await s.api(w.cityOrganizer).post(`/congresses/${c.id}/check-ins`, { userId: people[4].user.id })).status).toBe(200);
    expect((await s.api(w.cityOrganizer).post(`/congresses/${c.id}/check-ins`, { userId: people[5].user.id })).status).toBe(200);
    const twice = await s.api(w.cityOrganizer).post(`/congresses/${c.id}/check-ins`, { userId: people[5].user.id });
    expect(twice.body.attendance).toEqual({ electorate: 9, attendance: 6, checkedIn: 2, quorumNeeds: 6 });
    // Live figures are attendance only: no tally, to staff or to members.
    for (const who of [w.cityOrganizer, w.admin, people[1]]) {
      const live = await get(who, c);
      expect(live.body.result).toBeNull();
      expect(JSON.stringify(live.body)).not.toMatch(/"(approve|reject|abstain)":/);
    }
    expect((await get(people[1], c)).body.myChoice).toBe('approve');
    expect((await get(people[6], c)).body.myChoice).toBeNull();
    const early = await s.api(w.cityOrganizer).post(`/congresses/${c.id}/close`);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('congress_in_progress');

    // At the closing time the server decides: exactly two thirds present, 5 of 9 approving.
    clockTo(s, c.closesAt);
    expect((await vote(people[7], c, 'approve')).body.code).toBe('congress_closed');
    const closed = await s.api(w.cityOrganizer).post(`/congresses/${c.id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.result).toMatchObject({
      electorate: 9,
      attendance: 6,
      voted: 5,
      checkedIn: 2,
      approve: 5,
      reject: 0,
      abstain: 0,
      quorumMet: true,
      adopted: true,
      rule: { quorum: { numerator: 2, denominator: 3 }, approval: { numerator: 1, denominator: 2 }, basis: 'general' },
    });
    expect((await get(people[8], c)).body.result.adopted).toBe(true);

    // The resolution, in Word and PDF.
    const docx = await s.api(w.cityOrganizer).get(`/congresses/${c.id}/resolution.docx`).buffer(true).parse(binary);
    expect(docx.status).toBe(200);
    const words = await docxText(docx.body);
    expect(words).toContain('应到职工代表 9 人，实到 6 人（其中线上表决 5 人，现场签到 2 人');
    expect(words).toContain('赞成 5 票，反对 0 票，弃权 0 票');
    expect(words).toContain('会议通过');
    const pdf = await s.api(w.cityOrganizer).get(`/congresses/${c.id}/resolution.pdf`).buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // The contract, recorded from the draft with its resolution.
    const signedAt = today(s);
    const recorded = await s.api(w.cityOrganizer).post(`/congresses/${c.id}/contract`, {
      ...signedContract(),
      signedAt,
      effectiveFrom: signedAt,
      expiresAt: termLastDay(signedAt, 2),
    });
    expect(recorded.status).toBe(201);
    const contract = await s.api(w.cityOrganizer).get(`/contracts/${recorded.body.contractId}`);
    expect(contract.body).toMatchObject({
      title: '2025年外卖骑手权益保障集体合同',
      invitationId: w.invitation.id,
      scope: 'new_employment',
      congressApprovedAt: closed.body.result.decidedOn,
      resolution: {
        congressId: c.id,
        decidedOn: closed.body.result.decidedOn,
        electorate: 9,
        attendance: 6,
        approve: 5,
        reject: 0,
        abstain: 0,
      },
    });
    const again = await s.api(w.cityOrganizer).post(`/congresses/${c.id}/contract`, {
      ...signedContract(),
      signedAt,
      effectiveFrom: signedAt,
      expiresAt: termLastDay(signedAt, 2),
    });
    expect(again.body.code).toBe('contract_already_recorded');

    // The filing packet: one zip with every paper.
    const zip = await s.api(w.cityOrganizer).get(`/congresses/${c.id}/filing.zip`).buffer(true).parse(binary);
    expect(zip.status).toBe(200);
    const packet = await JSZip.loadAsync(zip.body);
    expect(Object.keys(packet.files).sort()).toEqual([
      '1-集体合同文本.docx',
      '2-情况说明.docx',
      '3-双方协商代表名单.docx',
      '4-职工代表大会决议.docx',
      '4-职工代表大会决议.pdf',
      '5-集体协商会议记录.docx',
    ]);
    const text = await docxText(await packet.file('1-集体合同文本.docx')!.async('nodebuffer'));
    expect(text).toContain('高峰时段抽成下调 1.5 个百分点');
    const explanation = await docxText(await packet.file('2-情况说明.docx')!.async('nodebuffer'));
    expect(explanation).toContain('骑手民主推选产生');
    expect(explanation).toContain('应到 9 人，实到 6 人，赞成 5 票，反对 0 票，弃权 0 票');
    const reps = await docxText(await packet.file('3-双方协商代表名单.docx')!.async('nodebuffer'));
    expect(reps).toContain('首席代表：王建国');
    expect(reps).toContain('协商代表（5 人）：李明、周强、吴磊、郑丽、孙浩');
    const minutes = await docxText(await packet.file('5-集体协商会议记录.docx')!.async('nodebuffer'));
    expect(minutes).toContain('企业方同意高峰时段抽成下调 1 个百分点');
    // LibreOffice prints the resolution twice (alone and in the packet): seconds each on a busy machine.
  }, 180_000);

  it('ends not adopted below the quorum, and no contract can be recorded from it', async () => {
    const draft = await publishedDraft(s, w, '低于法定人数的草案');
    const people = await riders(s, w.cityOrganizer, 9, 'quorum');
    const c = await callCongress(s, w.cityOrganizer, draft, people);
    const closed = await run(c, people, ['approve', 'approve', 'approve', 'approve', 'approve']);
    expect(closed.result).toMatchObject({ electorate: 9, attendance: 5, approve: 5, quorumMet: false, adopted: false });
    const signedAt = today(s);
    const refused = await s.api(w.cityOrganizer).post(`/congresses/${c.id}/contract`, {
      ...signedContract(),
      signedAt,
      effectiveFrom: signedAt,
      expiresAt: termLastDay(signedAt, 1),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('congress_not_adopted');
    const words = await docxText((await s.api(w.cityOrganizer).get(`/congresses/${c.id}/resolution.docx`).buffer(true).parse(binary)).body);
    expect(words).toContain('出席人数未达到应到人数的 2/3');
    expect(words).toContain('会议未通过');
  });

  it('does not adopt with exactly half of the whole electorate approving', async () => {
    const draft = await publishedDraft(s, w, '恰好半数赞成的草案');
    const people = await riders(s, w.cityOrganizer, 10, 'half');
    const c = await callCongress(s, w.cityOrganizer, draft, people);
    const closed = await run(c, people, [
      'approve',
      'approve',
      'approve',
      'approve',
      'approve',
      'reject',
      'reject',
      'reject',
      'abstain',
      'abstain',
    ]);
    expect(closed.result).toMatchObject({
      electorate: 10,
      attendance: 10,
      approve: 5,
      reject: 3,
      abstain: 2,
      quorumMet: true,
      adopted: false,
    });
  });

  it('adopts with one more than half of the electorate approving, even when few of those present are against', async () => {
    const draft = await publishedDraft(s, w, '过半数赞成的草案');
    const people = await riders(s, w.cityOrganizer, 10, 'more');
    const c = await callCongress(s, w.cityOrganizer, draft, people);
    const closed = await run(c, people, ['approve', 'approve', 'approve', 'approve', 'approve', 'approve', 'reject']);
    expect(closed.result).toMatchObject({ electorate: 10, attendance: 7, approve: 6, quorumMet: true, adopted: true });
  });

  it('keeps who voted apart from what they chose: no voter and no time on a ballot, and no per-member vote shown', async () => {
    const draft = await publishedDraft(s, w, '保密测试草案');
    const people = await riders(s, w.cityOrganizer, 3, 'secret');
    const c = await callCongress(s, w.cityOrganizer, draft, people);
    clockTo(s, c.opensAt);
    await vote(people[0], c, 'reject');
    const columns = (await s.db.query('SELECT * FROM congress_ballots WHERE congressId = ?', [c.id]))[0];
    expect(Object.keys(columns).sort()).toEqual(['choice', 'congressId', 'id', 'voterKey']);
    expect(JSON.stringify(columns)).not.toContain(people[0].user.id);
    const members = await s.api(w.cityOrganizer).get(`/congresses/${c.id}/members`);
    expect(members.status).toBe(200);
    expect(members.body).toHaveLength(3);
    for (const m of members.body) expect(Object.keys(m).sort()).toEqual(['checkedIn', 'name', 'userId']);
    // Someone not on the list learns nothing, not even that it exists.
    const outsider = await get(w.worker, c);
    expect(outsider.status).toBe(404);
    expect((await vote(w.worker, c, 'approve')).status).toBe(404);
    // The audit trail of the congress holds no ballot.
    const trail = await s.db.query("SELECT action FROM audit_log WHERE entityId = ? AND entity = 'congress'", [c.id]);
    expect(trail.map((r: { action: string }) => r.action)).toEqual(['called']);
  });

  it('refuses representatives who are not on the roll of the scope, writing nothing', async () => {
    const draft = await publishedDraft(s, w, '名册核对草案');
    const [rider] = await riders(s, w.cityOrganizer, 1, 'roll');
    // A rider of Jinjiang by profile who was never verified; a driver and a Mianyang rider, each verified in their own scope.
    const unverified = await s.worker('roll-unverified', '510104', 'rider');
    const driver = await s.worker('roll-driver', '510104', 'ride_hailing');
    await verifyWithCode(s, w.cityOrganizer, driver, { industry: 'ride_hailing' });
    const elsewhere = await s.worker('roll-mianyang', '510703', 'rider');
    await verifyWithCode(s, w.otherCityOrganizer, elsewhere, { regionCode: '510703' });
    const before = await s.rowCounts();
    for (const other of [unverified, driver, elsewhere, w.cityOrganizer]) {
      const now = s.clock.now().getTime();
      const res = await s.api(w.cityOrganizer).post('/congresses', {
        draftId: draft.id,
        title: '名册核对',
        electorate: 'representatives',
        memberUserIds: [rider.user.id, other.user.id],
        opensAt: new Date(now + HOUR).toISOString(),
        closesAt: new Date(now + 2 * HOUR).toISOString(),
      });
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe('memberUserIds');
      expect(res.body.message).toMatch(/1 个账号不在本范围已核验的职工名册上/);
    }
    expect(await s.rowCounts()).toEqual(before);
  });

  it('calls an extended congress (扩大会议) of the whole roll of the scope', async () => {
    const draft = await publishedDraft(s, w, '扩大会议草案');
    // Everyone verified as a rider of Chengdu or below; a rider with only a profile is not on it.
    await s.worker('roll-profile-only', '510104', 'rider');
    const c = await callCongress(s, w.cityOrganizer, draft, 'roll');
    const [{ n }] = await s.db.query(
      "SELECT COUNT(DISTINCT userId) AS n FROM roll_verifications WHERE industry = 'rider' AND regionCode BETWEEN '510100' AND '510199'",
    );
    expect(c.electorate).toBe('roll');
    expect(c.attendance.electorate).toBe(Number(n));
    expect(c.attendance.electorate).toBeGreaterThan(0);
  });

  it('refuses a congress on a draft not yet published for comment, a second one on the same draft, and bad times', async () => {
    const made = await s
      .api(w.cityOrganizer)
      .post('/drafts', { sessionId: w.sessionId, kind: 'wage', title: '未公开的草案', summary: '工资标准调整。' });
    const people = await riders(s, w.cityOrganizer, 3, 'rules');
    const now = s.clock.now().getTime();
    const body = {
      draftId: made.body.id,
      title: '规则测试',
      electorate: 'representatives',
      memberUserIds: people.map((p) => p.user.id),
      opensAt: new Date(now + HOUR).toISOString(),
      closesAt: new Date(now + 2 * HOUR).toISOString(),
    };
    expect((await s.api(w.cityOrganizer).post('/congresses', body)).body.code).toBe('draft_not_published');
    await s.api(w.cityOrganizer).post(`/drafts/${made.body.id}/publish`);
    const backwards = await s.api(w.cityOrganizer).post('/congresses', { ...body, closesAt: body.opensAt });
    expect(backwards.body.fields[0].field).toBe('closesAt');
    const past = await s.api(w.cityOrganizer).post('/congresses', { ...body, opensAt: new Date(now - 2 * HOUR).toISOString() });
    expect(past.body.fields[0].field).toBe('opensAt');
    expect((await s.api(w.cityOrganizer).post('/congresses', body)).status).toBe(201);
    expect((await s.api(w.cityOrganizer).post('/congresses', body)).body.code).toBe('congress_in_progress');
    // Another city's organizer cannot see it, nor call one on this draft.
    expect((await s.api(w.otherCityOrganizer).post('/congresses', { ...body, draftId: made.body.id })).status).toBe(400);
  });

  it('no longer takes a congress approval date typed by hand', async () => {
    const before = await s.rowCounts();
    const res = await s
      .api(w.cityOrganizer)
      .post('/contracts', contractBody([w.enterprise.user.organizationId!], { congressApprovedAt: '2024-03-09' }));
    expect(res.status).toBe(400);
    expect(res.body.fields[0].field).toBe('congressApprovedAt');
    expect(res.body.message).toMatch(/不能手工填写/);
    expect(await s.rowCounts()).toEqual(before);
  });

  it('reports the congresses held and the contracts they adopted beside the workers ratings, for the region and period', async () => {
    // Closed so far in this file: the journey (9, 6 present, 5 for, adopted and recorded), below quorum (9, 5, 5),
    // exactly half (10, 10, 5) and one more than half (10, 7, 6, adopted).
    const res = await s.api(w.admin).get('/statistics/congress?regionCode=510100&from=2000-01-01&to=2099-12-31');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      congressesHeld: 4,
      adopted: 2,
      contractsAdoptedByCongress: 1,
      attendanceRate: Math.round((28 / 38) * 1000) / 1000,
      approvalRate: Math.round((21 / 38) * 1000) / 1000,
    });
    // Another city's region holds none of them; a region outside the caller's is refused.
    const mianyang = await s.api(w.otherAdmin).get('/statistics/congress?regionCode=510700&from=2000-01-01&to=2099-12-31');
    expect(mianyang.body).toMatchObject({ congressesHeld: 0, attendanceRate: null, approvalRate: null, contractsAdoptedByCongress: 0 });
    expect((await s.api(w.otherAdmin).get('/statistics/congress?regionCode=510100&from=2000-01-01&to=2099-12-31')).status).toBe(403);
    // A period before any of them: nothing.
    const before = await s.api(w.admin).get('/statistics/congress?regionCode=510100&from=2000-01-01&to=2001-01-01');
    expect(before.body).toMatchObject({ congressesHeld: 0, contractsAdoptedByCongress: 0 });
  });

  it('counts a member who votes twice at once and checks in once as one attendance', async () => {
    const draft = await publishedDraft(s, w, '并发测试草案');
    const people = await riders(s, w.cityOrganizer, 3, 'race');
    const c = await callCongress(s, w.cityOrganizer, draft, people);
    clockTo(s, c.opensAt);
    const results = await Promise.all([
      vote(people[0], c, 'approve'),
      vote(people[0], c, 'reject'),
      s.api(w.cityOrganizer).post(`/congresses/${c.id}/check-ins`, { userId: people[0].user.id }),
    ]);
    for (const r of results) expect(r.status).toBe(200);
    const [{ n }] = await s.db.query('SELECT COUNT(*) AS n FROM congress_ballots WHERE congressId = ?', [c.id]);
    expect(Number(n)).toBe(1);
    expect((await get(w.cityOrganizer, c)).body.attendance).toMatchObject({ attendance: 1, checkedIn: 1 });
  });
});
