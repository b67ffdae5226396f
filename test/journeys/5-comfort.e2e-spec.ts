// Journey 5: the main pages at the phone's comfort settings. Text 1.5× as large (the browser's own text size, as
// WeChat's font size or 关怀模式 sets it on a phone) and dark mode: each page screenshotted, nothing wider than the
// screen, text really larger / colours really dark, and every tappable thing with a role for screen readers.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { camera, launchBrowser, phone, phoneProblems, settle } from '../support/browser.js';
import { openPage, ridersVote, signInAs } from '../support/journey.js';
import { startJourneyServer, type JourneyServer } from '../support/server.js';

/** Tappable things (cursor: pointer) that neither are nor sit inside an element with a role. */
async function unlabelled(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      if (getComputedStyle(el).cursor !== 'pointer' || !el.getBoundingClientRect().height) continue;
      if (el.parentElement && getComputedStyle(el.parentElement).cursor === 'pointer') continue;
      const native = el.closest('button, a[href], input, textarea, select, [role], .taro-tabbar__tabbar, .taro-navigation-bar');
      if (!native) out.push(`${el.className || el.tagName}: "${el.innerText.trim().slice(0, 20)}"`);
    }
    return out;
  });
}

const fontSizeOf = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));

/** Relative luminance of an element's computed colour property (0 black … 1 white). */
const luminanceOf = (page: Page, selector: string, prop: 'color' | 'backgroundColor') =>
  page
    .locator(selector)
    .first()
    .evaluate((el, p) => {
      const [r, g, b] = (getComputedStyle(el)[p] as string).match(/\d+(\.\d+)?/g)!.map(Number);
      const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    }, prop);

describe('the main pages at 1.5× text and in dark mode', () => {
  let srv: JourneyServer;
  let browser: Browser;
  let consultation: { id: string; topics: { id: string }[] };
  const contexts: BrowserContext[] = [];
  let rider: { token: string; user: unknown };
  const cameras = { large: camera('5-comfort-large'), dark: camera('5-comfort-dark') };

  beforeAll(async () => {
    srv = await startJourneyServer();
    browser = await launchBrowser();
    const organizer = await srv.login('demo-organizer', 'organizer');
    const now = Date.now();
    const created = await srv.api(
      'POST',
      '/consultations',
      {
        title: '2025 年成都外卖骑手集体协商议题征集（大字和深色）',
        description: '选出你最希望工会和平台谈的三件事。',
        regionCode: '510100',
        industries: ['rider'],
        opensAt: new Date(now - 3600_000).toISOString(),
        closesAt: new Date(now + 5 * 86400_000).toISOString(),
        mode: 'ranking',
        maxChoices: 3,
        topics: [{ code: 'commission_rate' }, { code: 'algorithm' }, { code: 'order_dispatch' }, { code: 'labour_protection' }],
        allowSuggestions: true,
        resultsVisibility: 'after_vote',
      },
      organizer.token,
    );
    expect(created.status).toBe(201);
    consultation = created.body;
    await ridersVote(srv, consultation.id, (i) => [consultation.topics[i % 3].id, consultation.topics[3].id], 6, 'journey5-rider');
    // This journey's own rider (the demo accounts belong to the other journeys: they share the database) has voted
    // too, so that the results page shows the results.
    rider = await srv.login('journey5-rider', 'worker');
    const profile = await srv.api('PATCH', '/me', { regionCode: '510104', industry: 'rider', platform: '美团' }, rider.token);
    rider = { ...rider, user: profile.body };
    const ballot = await srv.api('PUT', `/consultations/${consultation.id}/ballot`, { choices: [consultation.topics[1].id] }, rider.token);
    expect(ballot.status).toBe(200);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await srv?.stop();
  });

  /** Signs the page in as `actor` the way the app keeps a session (Taro's storage: {"data": …} under xst.token/xst.user). */
  async function signInWith(page: Page, actor: { token: string; user: unknown }) {
    await page.goto(`${srv.url}/`);
    await page.evaluate(
      ([token, user]) => {
        localStorage.setItem('xst.token', JSON.stringify({ data: token }));
        localStorage.setItem('xst.user', JSON.stringify({ data: user }));
      },
      [actor.token, actor.user] as const,
    );
  }

  /** A phone with the comfort setting: text size (CDP: the browser's default font size) or dark appearance. */
  async function openPhone(setting: 'normal' | 'large' | 'dark'): Promise<Page> {
    const context = await phone(browser);
    contexts.push(context);
    const page = await context.newPage();
    if (setting === 'large') {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Page.setFontSizes', { fontSizes: { standard: 24, fixed: 20 } });
    }
    if (setting === 'dark') await page.emulateMedia({ colorScheme: 'dark' });
    return page;
  }

  const pages = (id: string) => [
    { name: 'consultations', route: '/pages/consultations/index', shows: '大字和深色' },
    { name: 'vote', route: `/pages/vote/index?id=${id}`, shows: '依次点选' },
    { name: 'result', route: `/pages/result/index?id=${id}`, shows: '回到议题' },
    { name: 'negotiation', route: '/pages/negotiation/index', shows: '协商' },
    { name: 'me', route: '/pages/me/index', shows: '导出我的数据' },
    { name: 'profile', route: '/pages/profile/index', shows: '你的行业' },
  ];

  it.each(['large', 'dark'] as const)('%s: the rider pages hold on a 375 px screen', async (setting) => {
    const shot = cameras[setting];
    const normal = await openPhone('normal');
    await signInWith(normal, rider);
    await openPage(normal, srv, `/pages/vote/index?id=${consultation.id}`);
    await normal.getByText('依次点选', { exact: false }).first().waitFor();
    const normalTitle = await fontSizeOf(normal, '.page-title');
    const normalBg = await luminanceOf(normal, '.page', 'backgroundColor');

    const page = await openPhone(setting);
    await signInWith(page, rider);
    for (const p of pages(consultation.id)) {
      await openPage(page, srv, p.route);
      await page.getByText(p.shows, { exact: false }).first().waitFor({ timeout: 15_000 });
      await settle(page);
      await shot(page, p.name);
      expect({ page: p.name, problems: await phoneProblems(page) }).toEqual({ page: p.name, problems: [] });
      expect({ page: p.name, unlabelled: await unlabelled(page) }).toEqual({ page: p.name, unlabelled: [] });
      if (p.name === 'vote') {
        if (setting === 'large') expect(await fontSizeOf(page, '.page-title')).toBeCloseTo(normalTitle * 1.5, 0);
        else {
          expect(normalBg).toBeGreaterThan(0.8);
          expect(await luminanceOf(page, '.page', 'backgroundColor')).toBeLessThan(0.02);
          expect(await luminanceOf(page, '.page-title', 'color')).toBeGreaterThan(0.7);
          expect(await luminanceOf(page, '.topic-option', 'backgroundColor')).toBeLessThan(0.05);
        }
      }
    }
  });

  it.each(['large', 'dark'] as const)("%s: the organizer's results page with its poster and share section holds", async (setting) => {
    const shot = cameras[setting];
    const page = await openPhone(setting);
    await signInAs(page, srv, 'organizer');
    await openPage(page, srv, `/pkg-organizer/results/index?id=${consultation.id}`);
    await page.getByText('让劳动者来参与').first().waitFor({ timeout: 15_000 });
    await settle(page);
    await shot(page, 'organizer-results');
    await page.locator('#spread').scrollIntoViewIfNeeded();
    await shot(page, 'organizer-spread');
    expect(await phoneProblems(page)).toEqual([]);
    expect(await unlabelled(page)).toEqual([]);
  });
});
