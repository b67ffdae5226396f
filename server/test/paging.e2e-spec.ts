// The lists that grow with the campaign (invitations, sessions, contracts, organizations) page by cursor: every row
// once, in the list's order, past the 200 that the lists used to stop at, and rows added between pages neither repeat
// nor push others off.
import type { Page } from '@xst/shared-types';
import { makeContract, makeEnterprise } from './support/contracts.js';
import { invitationWorld, makeInvitation, type InvitationWorld } from './support/invitations.js';
import { startServer, type Actor, type TestServer } from './support/server.js';
import { sessionRequest } from './support/sessions.js';

describe('lists by cursor', () => {
  let s: TestServer;
  let w: InvitationWorld;
  let acceptedId: string;

  beforeAll(async () => {
    s = await startServer();
    w = await invitationWorld(s, 'pg');
    const accepted = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    acceptedId = accepted.id;
    expect((await s.api(w.enterprise).post(`/invitations/${accepted.id}/reply`, { decision: 'accept' })).status).toBe(200);
  });
  afterAll(async () => {
    await s.stop();
  });

  /** Follows `next` from the first page to the last; every page is 200 and claims the same total. */
  async function walk<T extends { id: string }>(actor: Actor, path: string, limit: number): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let total: number | undefined;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res = await s.api(actor).get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = res.body as Page<T>;
      expect(page.items.length).toBeLessThanOrEqual(limit);
      if (page.next) expect(page.items).toHaveLength(limit);
      total ??= page.total;
      expect(page.total).toBe(total);
      ids.push(...page.items.map((i) => i.id));
      cursor = page.next;
      pages++;
    } while (cursor && pages < 1000);
    expect(ids).toHaveLength(total!);
    return { ids, pages };
  }

  async function whole(actor: Actor, path: string): Promise<string[]> {
    const res = await s.api(actor).get(`${path}${path.includes('?') ? '&' : '?'}limit=500`);
    expect(res.status).toBe(200);
    expect(res.body.next).toBeNull();
    return (res.body as Page<{ id: string }>).items.map((i) => i.id);
  }

  it('pages the invitations newest first, rows with the same creation time in id order, each exactly once', async () => {
    for (let i = 0; i < 6; i++) await makeInvitation(s, w.cityOrganizer, w.enterprise);
    // Three share one creation instant: the order falls to the id, and no page boundary loses or repeats one of them.
    const rows: { id: string }[] = await s.db.query('SELECT id FROM invitations ORDER BY id LIMIT 3');
    const same = new Date('2026-01-02T03:04:05.678Z').toISOString().replace('T', ' ').replace('Z', '');
    for (const r of rows) await s.db.query('UPDATE invitations SET createdAt = ? WHERE id = ?', [same, r.id]);
    const all = await whole(w.cityOrganizer, '/invitations');
    expect(all.length).toBeGreaterThanOrEqual(7);
    for (const limit of [1, 2, 3]) {
      const { ids, pages } = await walk(w.cityOrganizer, '/invitations', limit);
      expect(ids).toEqual(all);
      expect(pages).toBe(Math.ceil(all.length / limit));
    }
    // The filters still apply on every page.
    const sentOnly = await walk(w.cityOrganizer, '/invitations?status=sent', 2);
    expect(sentOnly.ids).toEqual(await whole(w.cityOrganizer, '/invitations?status=sent'));
    expect(sentOnly.ids).not.toContain(acceptedId);
  });

  it('does not repeat or skip a row when a new one arrives between two pages', async () => {
    const first = (await s.api(w.cityOrganizer).get('/invitations?limit=2')).body as Page<{ id: string }>;
    // It arrives later: SQLite keeps the creation time to the second, and within one second the order is by id.
    await new Promise((r) => setTimeout(r, 1100));
    const added = await makeInvitation(s, w.cityOrganizer, w.enterprise);
    const rest: string[] = [];
    for (let cursor = first.next; cursor; ) {
      const page = (await s.api(w.cityOrganizer).get(`/invitations?limit=2&cursor=${cursor}`)).body as Page<{ id: string }>;
      rest.push(...page.items.map((i) => i.id));
      cursor = page.next;
    }
    const seen = [...first.items.map((i) => i.id), ...rest];
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).not.toContain(added.id); // newest first: it belongs before the first page, which was already read
    expect(seen).toEqual((await whole(w.cityOrganizer, '/invitations')).filter((id) => id !== added.id));
  });

  it('pages the contracts by signing day, and by expiry under the expiry filters, past 200 of them', async () => {
    for (let i = 0; i < 5; i++) {
      const ent = await makeEnterprise(s, w.cityOrganizer, { name: `翻页测试${i}号物流有限公司` });
      await makeContract(s, w.cityOrganizer, [ent.id], {
        title: `翻页合同${i}`,
        signedAt: '2025-01-10',
        effectiveFrom: '2025-01-10',
        expiresAt: `2027-0${i + 1}-01`,
      });
    }
    // Past the old cap: 205 more rows straight into the table, all signed the same day.
    const [tpl] = await s.db.query('SELECT * FROM contracts LIMIT 1');
    const cols = Object.keys(tpl);
    for (let i = 0; i < 205; i++) {
      const row = { ...tpl, id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, title: `批量合同${i}`, renewsContractId: null };
      await s.db.query(
        `INSERT INTO contracts (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
        cols.map((c) => row[c]),
      );
    }
    const all = await whole(w.cityOrganizer, '/contracts');
    expect(all.length).toBeGreaterThan(200);
    const { ids } = await walk(w.cityOrganizer, '/contracts', 50);
    expect(ids).toEqual(all);
    const expiring = await walk(w.cityOrganizer, '/contracts?expiringWithinDays=1100', 2);
    expect(expiring.ids).toEqual(await whole(w.cityOrganizer, '/contracts?expiringWithinDays=1100'));
    // Paging by offset still answers as before.
    const byOffset = (await s.api(w.cityOrganizer).get('/contracts?limit=10&offset=200')).body as Page<{ id: string }>;
    expect(byOffset.items.map((c) => c.id)).toEqual(all.slice(200, 210));
  });

  it('pages the organizations by name and the sessions by the day they were held', async () => {
    for (let i = 0; i < 4; i++) await makeEnterprise(s, w.cityOrganizer, { name: `翻页企业${i}` });
    const orgs = await walk(w.cityOrganizer, '/organizations?type=enterprise', 2);
    expect(orgs.ids).toEqual(await whole(w.cityOrganizer, '/organizations?type=enterprise'));
    const heldAt = new Date().toISOString();
    for (let i = 0; i < 5; i++) {
      const res = await s.api(w.cityOrganizer).post(`/invitations/${acceptedId}/sessions`, sessionRequest(i < 3 ? { heldAt } : {}));
      expect(res.status).toBe(201);
    }
    const sessions = await walk(w.cityOrganizer, '/sessions', 2);
    expect(sessions.ids).toHaveLength(5);
    expect(sessions.ids).toEqual(await whole(w.cityOrganizer, '/sessions'));
    expect((await walk(w.cityOrganizer, '/sessions?unpublishedOnly=true', 4)).ids).toEqual(sessions.ids);
    // Another city's organizer pages through none of them.
    expect(await whole(w.otherCityOrganizer, '/sessions')).toEqual([]);
  });

  it('refuses a cursor it did not write and a page size out of range, naming the field', async () => {
    for (const cursor of [
      'not*base64',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from('[1]').toString('base64url'),
      'x'.repeat(1001),
    ]) {
      const res = await s.api(w.cityOrganizer).get(`/invitations?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe('cursor');
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    for (const limit of ['0', '501', 'abc', '2.5']) {
      const res = await s.api(w.cityOrganizer).get(`/organizations?limit=${limit}`);
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe('limit');
    }
    // A cursor of one list handed to another is read as a position there, never as anything else.
    const inv = (await s.api(w.cityOrganizer).get('/invitations?limit=1')).body as Page<{ id: string }>;
    const res = await s.api(w.cityOrganizer).get(`/organizations?cursor=${inv.next}`);
    expect([200, 400]).toContain(res.status);
  });
});
