// Journey 4: an admin opens the statistics page, sees section 二 with the contract counted, downloads the xlsx,
// and the file says the same.
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { camera, eventually, launchBrowser, phone, phoneProblems, settle } from '../support/browser.js';
import { randomUscc } from '../../server/test/support/contracts.js';
import { openPage, signInAs } from '../support/journey.js';
import { startJourneyServer, type JourneyServer } from '../support/server.js';

describe('the official table for the province', () => {
  let srv: JourneyServer;
  let browser: Browser;
  let page: Page;
  const shot = camera('4-statistics');
  const year = new Date().getFullYear();

  beforeAll(async () => {
    srv = await startJourneyServer();
    browser = await launchBrowser();
    page = await (await phone(browser)).newPage();
    const organizer = await srv.login('demo-organizer', 'organizer');
    const orgs = await srv.api('GET', '/organizations?type=enterprise', undefined, organizer.token);
    const platform = orgs.body.items.find((o: { isPlatform: boolean }) => o.isPlatform);
    const partner = orgs.body.items.find((o: { isPlatform: boolean }) => !o.isPlatform);
    // A "1+3" package of a platform signed during this year's campaign, and a wage contract of a partner employer.
    const pkg = await srv.api(
      'POST',
      '/contracts/package',
      {
        scope: 'new_employment',
        title: '成都速达同城配送骑手集体合同',
        regionCode: '510104',
        partyOrganizationIds: [platform.id],
        signedAt: `${year}-04-10`,
        effectiveFrom: `${year}-04-10`,
        expiresAt: `${year + 3}-04-09`,
        enterprisesCovered: 12,
        workersCovered: 3200,
      },
      organizer.token,
    );
    expect(pkg.status).toBe(201);
    const wage = await srv.api(
      'POST',
      '/contracts',
      {
        scope: 'new_employment',
        kind: 'wage',
        title: '蓉城骑士工资专项集体合同',
        regionCode: '510107',
        partyOrganizationIds: [partner.id],
        signedAt: `${year}-05-20`,
        effectiveFrom: `${year}-06-01`,
        expiresAt: `${year + 2}-05-31`,
        enterprisesCovered: 1,
        workersCovered: 860,
      },
      organizer.token,
    );
    expect(wage.status).toBe(201);
    // Mianyang signed its contract during last year's campaign and nothing this year.
    const admin = await srv.login('demo-admin', 'admin');
    const mianyang = await srv.api(
      'POST',
      '/organizations',
      { type: 'enterprise', name: '绵阳快达同城配送有限公司', regionCode: '510703', isPlatform: true, uscc: randomUscc('510703') },
      admin.token,
    );
    expect(mianyang.status).toBe(201);
    const old = await srv.api(
      'POST',
      '/contracts',
      {
        scope: 'new_employment',
        kind: 'comprehensive',
        title: '绵阳快达骑手集体合同',
        regionCode: '510703',
        partyOrganizationIds: [mianyang.body.id],
        signedAt: `${year - 1}-04-15`,
        effectiveFrom: `${year - 1}-04-15`,
        expiresAt: `${year + 1}-04-14`,
        enterprisesCovered: 1,
        workersCovered: 540,
      },
      admin.token,
    );
    expect(old.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('shows section 二 with the contracts counted and exports the same figures', async () => {
    await signInAs(page, srv, 'admin');
    await openPage(page, srv, '/pkg-admin/stats/index');
    const section = page.locator('#stats-section-2:visible');
    await section.waitFor();
    await eventually(async () => expect(await page.locator('#stats-bar-wage:visible').innerText()).toContain('2 份'));
    expect(await page.locator('#stats-bar-comprehensive:visible').innerText()).toMatch(
      /1 份[\s\S]*覆盖企业 12 家[\s\S]*覆盖职工 3,?200 人/,
    );
    expect(await page.locator('#stats-bar-wage:visible').innerText()).toMatch(/覆盖企业 13 家[\s\S]*覆盖职工 4,?060 人/);
    await settle(page);
    await shot(page, 'section-2');
    expect(await phoneProblems(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#stats-download:visible').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = await download.path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(file));
    const sheet = book.worksheets[0];
    // Find section 二's data row: the first numeric row after its title.
    let titleRow = 0;
    sheet.eachRow((row, n) => {
      if (!titleRow && String(row.getCell(1).value ?? '').startsWith('二、')) titleRow = n;
    });
    expect(titleRow).toBeGreaterThan(0);
    let dataRow = titleRow + 1;
    while (typeof sheet.getRow(dataRow).getCell(1).value !== 'number') dataRow++;
    const figures = Array.from({ length: 12 }, (_, i) => sheet.getRow(dataRow).getCell(i + 1).value);
    // comprehensive, wage, safety_health, women_workers × (contracts, enterprises, workers)
    expect(figures).toEqual([1, 12, 3200, 2, 13, 4060, 1, 12, 3200, 1, 12, 3200]);
    await settle(page);
    await shot(page, 'downloaded');
  });

  it('records that the partner employer founded its union today, and the ledger lists it as 新建会企业', async () => {
    await openPage(page, srv, '/pkg-admin/orgs/index');
    const partner = page.locator('.orgs-item:visible', { hasText: '成都蓉城骑士劳务服务有限公司' });
    await partner.waitFor();
    await shot(page, 'organizations');
    expect(await phoneProblems(page)).toEqual([]);
    await partner.click();
    await settle(page);
    await page.locator('#of-name:visible input').waitFor();
    await page.locator('#of-union:visible').click();
    await page.locator('#of-unionised:visible').click();
    await page.locator('.weui-picker__action:visible', { hasText: '确定' }).click();
    await settle(page);
    await shot(page, 'union-founded');
    expect(await phoneProblems(page)).toEqual([]);
    await page.locator('#of-save:visible').click();
    const admin = await srv.login('demo-admin', 'admin');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await eventually(async () => {
      const orgs = await srv.api('GET', '/organizations?type=enterprise', undefined, admin.token);
      const found = orgs.body.items.find((o: { name: string }) => o.name === '成都蓉城骑士劳务服务有限公司');
      expect(found).toMatchObject({ hasUnion: true, unionisedAt: today });
    });

    // The ledger as of today: this year so far (the campaign period ended before the union was founded).
    await openPage(page, srv, '/pkg-admin/stats/index');
    await page.locator('#stats-period-year:visible').click();
    await settle(page);
    await page.locator('#stats-download-ledger:visible').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#stats-download-ledger:visible').click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(await download.path()));
    const sheet = book.worksheets[0];
    expect(sheet.getCell('A1').value).toBe(`${year}年全省集体协商集中要约活动工作台账明细表`);
    const headers = (sheet.getRow(4).values as unknown[]).slice(1);
    let row = 0;
    sheet.eachRow((r, n) => {
      if (r.getCell(3).value === '成都蓉城骑士劳务服务有限公司') row = n;
    });
    expect(row).toBeGreaterThan(4);
    expect(sheet.getCell(row, headers.indexOf('新建会企业') + 1).value).toBe('是');
    expect(sheet.getCell(row, headers.indexOf('行业') + 1).value).toBe('租赁和商务服务业');
  });

  it('says when the chosen period holds nothing while another period does, and goes there in one tap', async () => {
    await openPage(page, srv, '/pkg-admin/stats/index');
    await page.locator('#stats-section-2:visible').waitFor();
    await shot.step(page, 'region', async () => {
      await page.locator('#stats-region:visible').click();
      await page.locator('.region-option:visible', { hasText: '四川省' }).click();
      await page.locator('.region-option:visible', { hasText: '绵阳市' }).click();
      await page.locator('#region-use-city:visible').click();
    });
    const nothing = page.locator('#stats-nothing:visible');
    await nothing.waitFor();
    expect(await nothing.innerText()).toMatch(
      new RegExp(`这段时间没有登记的合同和工作记录[\\s\\S]*绵阳市在${year - 1}年要约季[\\s\\S]*1 份合同`),
    );
    await settle(page);
    await shot(page, 'nothing-this-period');
    expect(await phoneProblems(page)).toEqual([]);
    await page.locator('#stats-other-period:visible').click();
    await eventually(async () =>
      expect(await page.locator('#stats-bar-comprehensive:visible').innerText()).toMatch(/1 份[\s\S]*覆盖职工 540 人/),
    );
    expect(await page.locator('#stats-nothing').count()).toBe(0);
    await settle(page);
    await shot(page, 'other-period');
  });
});
