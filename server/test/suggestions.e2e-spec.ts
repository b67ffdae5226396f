// Suggestions people can read: the published results snapshot's (nothing below k ballots, then moving only in the
// snapshot's steps), the same text counted once with its number, similar texts grouped, searched and paged by counts
// and texts; organizers join groups and export them. Nothing in any answer says when or in which order a suggestion
// arrived, and reading, one worker voting and reading again shows nothing new.
import type { Consultation, SuggestionGroup, SuggestionGroupsPage } from '@xst/shared-types';
import ExcelJS from 'exceljs';
import { makeConsultation, topicIds, vote } from './support/consultations.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

/** The results step of this file's server: snapshots advance after K ballots cast or changed. */
const K = 3;

const SUGGESTIONS = [
  '希望平台降低抽成比例',
  '希望平台降低抽成比例！',
  '希望平台 降低抽成比例。',
  '抽成比例太高，希望降低抽成比例',
  '平台抽成比例降低一些',
  '雨天配送要有补贴',
  '雨天配送补贴',
  '下雨天配送加补贴',
  '电动车换电太贵',
  'ＡＰＰ派单更透明',
  'app派单更透明',
  '=HYPERLINK("http://x")',
];

describe('suggestions people can read', () => {
  let s: TestServer;
  let organizer: Actor;
  let otherOrganizer: Actor;
  let workers: Actor[];

  beforeAll(async () => {
    s = await startServer({ RESULTS_STEP: String(K) });
    organizer = await s.login('sg-org', 'organizer', { regionCode: '510100' });
    otherOrganizer = await s.login('sg-other', 'organizer', { regionCode: '510700' });
    workers = [];
    for (let i = 0; i < SUGGESTIONS.length + 2 + 2 * K; i++) workers.push(await s.worker(`sg-w${i}`));
  });
  afterAll(async () => {
    await s.stop();
  });

  /** Workers who vote without a suggestion to move a snapshot on: after the others in `workers`. */
  const spare = (n: number) => workers.slice(SUGGESTIONS.length + 2 + n * K, SUGGESTIONS.length + 2 + (n + 1) * K);

  /**
   * A consultation whose workers vote in the order given, each writing the suggestion at that place, then closed, so
   * that the final snapshot holds them all; `open` keeps it open with those ballots published instead: read once (the
   * newest snapshot is taken), K more ballots without a suggestion, read again (it is shown).
   */
  async function consultationWith(texts: string[], order = texts.map((_, i) => i), open = false): Promise<Consultation> {
    const c = await makeConsultation(s, organizer);
    for (const i of order) expect((await vote(s, workers[i], c, [topicIds(c)[0]], texts[i])).status).toBe(200);
    if (open) {
      expect((await s.api(organizer).get(`/consultations/${c.id}/results`)).status).toBe(200);
      for (const w of spare(0)) expect((await vote(s, w, c, [topicIds(c)[1]])).status).toBe(200);
      expect((await s.api(organizer).get(`/consultations/${c.id}/results`)).body.published).toBe(true);
    } else {
      expect((await s.api(organizer).post(`/consultations/${c.id}/close`)).status).toBe(200);
    }
    return c;
  }

  const groupsOf = async (actor: Actor, c: Consultation, query = ''): Promise<SuggestionGroupsPage> => {
    const res = await s.api(actor).get(`/consultations/${c.id}/suggestions${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('shows nothing below K ballots, to the organizer too, even after close', async () => {
    const c = await consultationWith(SUGGESTIONS.slice(0, K - 1));
    const page = await groupsOf(organizer, c);
    expect(page.summary).toEqual({
      published: false,
      reason: 'too_few',
      publication: { step: K, final: true, untilNext: null },
      suggestions: 0,
      texts: 0,
      groups: 0,
    });
    expect(page.items).toEqual([]);
    expect(await groupsOf(workers[0], c)).toEqual(page);
  });

  it('moves only in the snapshot steps: reading, one worker writing and reading again shows nothing new', async () => {
    const c = await consultationWith(SUGGESTIONS.slice(0, 6), undefined, true);
    const before = await groupsOf(organizer, c, '?limit=50');
    expect(before.summary).toMatchObject({ published: true, suggestions: 6 });
    // One more rider writes a suggestion no one else wrote: the organizer, and a worker who voted, see the same.
    expect((await vote(s, workers[6], c, [topicIds(c)[0]], '夜间配送要有安全保障')).status).toBe(200);
    // Only the count to the next step moved, as it does on the results page.
    const same = {
      ...before,
      summary: { ...before.summary, publication: { ...before.summary.publication, untilNext: before.summary.publication.untilNext! - 1 } },
    };
    expect(await groupsOf(organizer, c, '?limit=50')).toEqual(same);
    expect(await groupsOf(workers[0], c, '?limit=50')).toEqual(same);
    expect(JSON.stringify(await groupsOf(organizer, c, '?q=夜间'))).not.toContain('夜间配送');
    // At close every ballot is in the final snapshot, K or more ballots after the one shown.
    expect((await s.api(organizer).post(`/consultations/${c.id}/close`)).status).toBe(200);
    const after = await groupsOf(organizer, c, '?limit=50');
    expect(after.summary.suggestions).toBe(7);
    expect(JSON.stringify(after)).toContain('夜间配送要有安全保障');
  });

  it('counts the same text once with its number, and groups texts that share their words', async () => {
    const c = await consultationWith(SUGGESTIONS);
    const page = await groupsOf(organizer, c, '?limit=50');
    expect(page.summary).toEqual({
      published: true,
      publication: page.summary.publication,
      suggestions: 12,
      texts: 9,
      groups: page.items.length,
    });
    const commission = page.items[0];
    expect(commission.count).toBe(5);
    expect(commission.samples[0]).toEqual({ text: '希望平台降低抽成比例', count: 3 });
    expect(commission.terms).toEqual(expect.arrayContaining(['抽成', '比例']));
    const rain = page.items.find((g) => g.samples.some((t) => t.text === '雨天配送补贴'))!;
    expect(rain.count).toBe(3);
    expect(rain.samples.map((t) => t.text)).toEqual(expect.arrayContaining(['雨天配送要有补贴', '下雨天配送加补贴']));
    const app = page.items.find((g) => g.samples.some((t) => /派单/.test(t.text)))!;
    expect(app.samples).toHaveLength(1); // full width and case do not make another text
    expect(app.count).toBe(2);
    // Unrelated texts stay apart; groups come most written first.
    expect(page.items.find((g) => g.samples.some((t) => t.text === '电动车换电太贵'))!.count).toBe(1);
    const counts = page.items.map((g) => g.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('answers the same, byte for byte but the ids, whatever order the suggestions arrived in', async () => {
    const a = await consultationWith(SUGGESTIONS);
    const b = await consultationWith(
      SUGGESTIONS,
      SUGGESTIONS.map((_, i) => SUGGESTIONS.length - 1 - i),
    );
    const strip = (p: SuggestionGroupsPage) => JSON.stringify({ ...p, items: p.items.map(({ id: _id, ...g }) => g), next: !!p.next });
    for (const q of ['?limit=50', '?limit=2', '?q=补贴'])
      expect(strip(await groupsOf(organizer, b, q))).toBe(strip(await groupsOf(organizer, a, q)));
    // Nothing that dates a suggestion: no times, no ballot ids, no arrival numbers.
    const text = JSON.stringify(await groupsOf(organizer, a, '?limit=50'));
    expect(text).not.toMatch(/submitted|createdAt|\d{4}-\d{2}-\d{2}T|[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('pages the groups by cursor, each once, and refuses a cursor it did not write', async () => {
    const c = await consultationWith(SUGGESTIONS);
    const all = (await groupsOf(organizer, c, '?limit=50')).items.map((g) => g.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await groupsOf(organizer, c, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.total).toBe(all.length);
      seen.push(...page.items.map((g) => g.id));
      cursor = page.next;
    } while (cursor);
    expect(seen).toEqual(all);
    for (const bad of ['abc', Buffer.from('[1,"x"]').toString('base64url')]) {
      const res = await s.api(organizer).get(`/consultations/${c.id}/suggestions?cursor=${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe('cursor');
    }
  });

  it('finds the groups holding a text, normalised like the texts, and shows the texts that match', async () => {
    const c = await consultationWith(SUGGESTIONS);
    const found = await groupsOf(organizer, c, `?q=${encodeURIComponent('ａｐｐ派单')}`);
    expect(found.total).toBe(1);
    expect(found.items[0].samples[0].count).toBe(2);
    const rain = await groupsOf(organizer, c, `?q=${encodeURIComponent('下雨')}`);
    expect(rain.items[0].samples).toEqual([{ text: '下雨天配送加补贴', count: 1 }]);
    expect((await groupsOf(organizer, c, `?q=${encodeURIComponent('没人写过')}`)).items).toEqual([]);
    const punct = await s.api(organizer).get(`/consultations/${c.id}/suggestions?q=${encodeURIComponent('！！')}`);
    expect(punct.status).toBe(400);
    expect(punct.body.fields[0].field).toBe('q');
  });

  it('lets an organizer join groups, which stay joined as suggestions keep coming, and refuses everyone else', async () => {
    const c = await consultationWith(SUGGESTIONS, undefined, true);
    const before = await groupsOf(organizer, c, '?limit=50');
    const rain = before.items.find((g) => g.samples.some((t) => t.text === '雨天配送补贴'))!;
    const ev = before.items.find((g) => g.samples.some((t) => t.text === '电动车换电太贵'))!;
    const rows = await s.rowCounts();
    // Refused: a worker, another city's organizer, a group that does not exist now, one group only.
    expect((await s.api(workers[0]).post(`/consultations/${c.id}/suggestions/merge`, { groupIds: [rain.id, ev.id] })).status).toBe(403);
    expect((await s.api(otherOrganizer).post(`/consultations/${c.id}/suggestions/merge`, { groupIds: [rain.id, ev.id] })).status).toBe(404);
    const stale = await s.api(organizer).post(`/consultations/${c.id}/suggestions/merge`, { groupIds: [rain.id, '0123456789abcdef'] });
    expect(stale.status).toBe(409);
    const one = await s.api(organizer).post(`/consultations/${c.id}/suggestions/merge`, { groupIds: [rain.id] });
    expect(one.status).toBe(400);
    expect(one.body.fields[0].field).toBe('groupIds');
    expect(await s.rowCounts()).toEqual(rows);

    const merged = await s.api(organizer).post(`/consultations/${c.id}/suggestions/merge`, { groupIds: [ev.id, rain.id] });
    expect(merged.status).toBe(200);
    expect((merged.body as SuggestionGroup).count).toBe(rain.count + ev.count);
    expect(merged.body.id).toBe(rain.id); // the larger group leads
    const after = await groupsOf(organizer, c, '?limit=50');
    expect(after.items).toHaveLength(before.items.length - 1);
    // A new suggestion arrives (published at close): the joined group still holds both.
    expect((await vote(s, workers[SUGGESTIONS.length], c, [topicIds(c)[0]], '电动车换电太贵了')).status).toBe(200);
    expect((await s.api(organizer).post(`/consultations/${c.id}/close`)).status).toBe(200);
    const later = await groupsOf(organizer, c, '?limit=50');
    const joined = later.items.find((g) => g.id === rain.id)!;
    expect(joined.count).toBe(rain.count + ev.count + 1);
    // Its texts, all of them, most written first.
    const texts = await s.api(organizer).get(`/consultations/${c.id}/suggestions/groups/${rain.id}?limit=2`);
    expect(texts.status).toBe(200);
    expect(texts.body.total).toBe(joined.texts);
    expect(texts.body.items).toHaveLength(2);
    expect(texts.body.next).toBeTruthy();
  });

  it('shows a worker the published groups once they voted, and nothing before', async () => {
    const c = await consultationWith(SUGGESTIONS.slice(0, 6), undefined, true);
    const outsider = workers[SUGGESTIONS.length + 1];
    const refused = await s.api(outsider).get(`/consultations/${c.id}/suggestions`);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/提交/);
    const mine = await groupsOf(workers[0], c);
    expect(mine).toEqual(await groupsOf(organizer, c));
    expect((await s.api(otherOrganizer).get(`/consultations/${c.id}/suggestions`)).status).toBe(404);
  });

  it("publishes no text that WeChat's content check holds for review, in the groups or the files", async () => {
    const c = await consultationWith([...SUGGESTIONS.slice(0, 5), '请把待审词删掉']);
    const page = await groupsOf(organizer, c, '?limit=50');
    expect(page.summary.suggestions).toBe(5);
    expect(JSON.stringify(page)).not.toContain('待审词');
    expect(JSON.stringify(await groupsOf(workers[0], c, '?limit=50'))).not.toContain('待审词');
    expect((await s.api(organizer).get(`/consultations/${c.id}/suggestions/export.csv`)).text).not.toContain('待审词');
  });

  it('exports the groups with every text and its count as xlsx and csv, formulas kept as text', async () => {
    const c = await consultationWith(SUGGESTIONS);
    const csv = await s.api(organizer).get(`/consultations/${c.id}/suggestions/export.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text).toContain('"希望平台降低抽成比例","3"');
    expect(csv.text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv.text).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}/);
    const xlsx = await s
      .api(organizer)
      .get(`/consultations/${c.id}/suggestions/export.xlsx`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const ws = wb.getWorksheet('建议分组')!;
    const values = ws
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === 'string' || typeof v === 'number');
    for (const t of ['希望平台降低抽成比例', '雨天配送补贴', '=HYPERLINK("http://x")']) expect(values).toContain(t);
    expect(ws.getRow(4).getCell(4).value).toBe('建议');
    expect(ws.pageSetup.paperSize).toBe(9);
    expect((await s.api(workers[0]).get(`/consultations/${c.id}/suggestions/export.csv`)).status).toBe(403);
  });
});
