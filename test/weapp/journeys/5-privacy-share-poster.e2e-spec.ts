// WeChat journey 5: what WeChat's review checks and what brings riders in. The privacy guide answered by the app's own
// sheet before the profile is saved; an organizer sends the consultation to a chat (the card opens the vote page) and
// downloads the poster with its 小程序码; a rider lands on the vote page from the card and from the code's scene;
// pages follow the WeChat font size and carry WeChat's accessibility attributes.
import { consultationScene } from '@xst/shared-types';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type MiniApp, openApp } from '../harness/miniapp.js';
import { openRiderConsultation, weappServer } from '../support/journey.js';

const pdfText = (bytes: Buffer) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xst-weapp-poster-'));
  try {
    writeFileSync(path.join(dir, 'p.pdf'), bytes);
    return execFileSync('pdftotext', [path.join(dir, 'p.pdf'), '-'])
      .toString()
      .replace(/\s+/g, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

describe('privacy, sharing and the poster in WeChat', () => {
  const srv = weappServer();
  let app: MiniApp | undefined;
  afterEach(() => app?.kill());

  it('asks for the privacy guide with its own sheet before the profile is saved, and saves nothing on 不同意', async () => {
    app = await openApp({ server: srv.url, openid: 'weapp5-privacy' });
    await app.tap('去选择');
    await app.onPage('pages/profile/index');
    await app.tap('#industry-rider');
    await app.tap('#region-picker');
    await app.tap('四川省');
    await app.tap('成都市');
    await app.tap('锦江区');
    const patches = () => app!.callsTo('request').filter((r) => r.method === 'PATCH' && r.url.endsWith('/api/me'));

    await app.tap('#profile-save');
    await app.see('#privacy-sheet');
    expect(app.callsTo('requirePrivacyAuthorize')).toHaveLength(1);
    expect(app.text()).toContain('保存你的行业、城市和平台前，请你阅读并同意');
    await app.tap('#privacy-open-guide');
    expect(app.openedPrivacyContract).toBe(1);
    await app.tap('#privacy-decline');
    await app.notSee('#privacy-sheet');
    expect(app.lastToast).toBe('同意隐私保护指引后，才能保存你的信息');
    expect(app.phone.privacyAgreed).toBe(false);
    expect(patches()).toEqual([]);

    await app.tap('#profile-save');
    await app.see('#privacy-sheet');
    await app.tap('#privacy-agree');
    await app.onPage('pages/consultations/index');
    expect(app.phone.privacyAgreed).toBe(true);
    expect(patches()).toMatchObject([{ data: { industry: 'rider', regionCode: '510104' }, statusCode: 200 }]);

    // Agreed once: the next save goes straight through.
    app = await app.relaunch({ path: 'pages/profile/index' });
    await app.tap('#industry-courier');
    await app.tap('#profile-save');
    await app.onPage('pages/consultations/index');
    expect(app.has('#privacy-sheet')).toBe(false);
    expect(app.callsTo('request').filter((r) => r.method === 'PATCH')).toMatchObject([{ statusCode: 200 }]);
    app.assertNoErrors();
  });

  it('asks for the privacy guide before choosing contract photos, with chooseMedia', async () => {
    const organizer = await srv.login('demo-organizer', 'organizer');
    const enterprise = await srv.login('demo-enterprise', 'enterprise');
    const inv = await srv.api(
      'POST',
      '/invitations',
      {
        fromOrganizationId: organizer.user.organizationId,
        toOrganizationId: enterprise.user.organizationId,
        scope: 'new_employment',
        topics: [{ code: 'commission_rate', title: '抽成比例' }],
        body: '请于二十日内书面答复。',
        representativesPerSide: 5,
        chiefRepresentative: '王建国',
      },
      organizer.token,
    );
    await srv.api('POST', `/invitations/${inv.body.id}/reply`, { decision: 'accept' }, enterprise.token);
    const contract = await srv.api(
      'POST',
      '/contracts',
      {
        scope: 'new_employment',
        kind: 'comprehensive',
        title: '骑手集体合同（照片）',
        regionCode: '510104',
        partyOrganizationIds: [enterprise.user.organizationId],
        invitationId: inv.body.id,
        signedAt: '2024-03-10',
        effectiveFrom: '2024-03-10',
        expiresAt: '2027-03-09',
        enterprisesCovered: 1,
        workersCovered: 3200,
      },
      organizer.token,
    );
    expect(contract.status).toBe(201);
    app = await openApp({ server: srv.url, openid: 'demo-organizer', path: `pkg-sessions/contract/index?id=${contract.body.id}` });
    app.phone.photos = [
      { bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7), Buffer.from([0xff, 0xd9])]), ext: 'jpg' },
    ];
    await app.tap('#contract-upload');
    await app.see('#privacy-sheet');
    expect(app.text()).toContain('选择合同照片前，请你阅读并同意');
    expect(app.callsTo('uploadFile')).toEqual([]);
    await app.tap('#privacy-agree');
    await app.notSee('还没有照片');
    expect(app.callsTo('chooseImage')).toEqual([]);
    expect(app.callsTo('chooseMedia')).toMatchObject([{ count: 9, mediaType: ['image'] }]);
    expect(app.callsTo('uploadFile')).toHaveLength(1);
    expect(app.lastToast).toBe('已上传 1 张');
    app.assertNoErrors();
  });

  it('lets a worker take their data away and delete the account, as the privacy guide says', async () => {
    const { consultation } = await openRiderConsultation('导出和注销');
    const worker = await srv.login('weapp5-leaver', 'worker');
    await srv.api('PATCH', '/me', { regionCode: '510104', industry: 'rider', platform: '美团' }, worker.token);
    await srv.api('PUT', `/consultations/${consultation.id}/ballot`, { choices: [consultation.topics[0].id] }, worker.token);
    app = await openApp({ server: srv.url, openid: 'weapp5-leaver', path: 'pages/me/index' });
    await app.tap('#me-export');
    await app.answer(true);
    const shared = app.callsTo('shareFileMessage').at(-1);
    expect(shared.fileName).toBe('协商通_我的数据.json');
    const exported = JSON.parse(app.phone.files.get(shared.filePath)!.toString('utf8'));
    expect(exported.account).toMatchObject({ industry: 'rider', platform: '美团', regionCode: '510104' });
    expect(exported.ballots).toMatchObject([{ consultationId: consultation.id, choices: [consultation.topics[0].title] }]);

    await app.tap('#me-delete');
    expect(app.dialog).toMatchObject({ title: '注销账号', confirmText: '注销' });
    await app.answer(true);
    await app.onPage('pages/consultations/index');
    expect(app.callsTo('request').find((r) => r.method === 'DELETE')).toMatchObject({ statusCode: 204 });
    expect(app.phone.storage.has('xst.token')).toBe(false);
    // Signed out for good: the old token is refused.
    expect((await srv.api('GET', '/me', undefined, worker.token)).status).toBe(401);
    app.assertNoErrors();
  });

  it('lets the organizer send the consultation to a chat and print its poster; the card and the code open the vote page', async () => {
    const { consultation } = await openRiderConsultation('锦江区骑手：下个月最想谈什么');
    app = await openApp({ server: srv.url, openid: 'demo-organizer', path: `pkg-organizer/results/index?id=${consultation.id}` });
    await app.see('让劳动者来参与');

    await app.tap('#spread-share');
    const card = app.shares.at(-1)!;
    expect(card).toMatchObject({ from: 'button', path: `/pages/vote/index?id=${consultation.id}` });
    expect(card.title).toMatch(/^锦江区骑手：下个月最想谈什么（\d+月\d+日 \d\d:\d\d 截止）$/);
    // The ··· menu sends the same card.
    expect(await app.share('menu')).toMatchObject({ title: card.title, path: card.path });

    await app.tap('#spread-poster');
    const download = app.callsTo('downloadFile').at(-1);
    expect(download.url).toMatch(new RegExp(`/api/consultations/${consultation.id}/poster\\.pdf$`));
    expect(download.header.Authorization).toMatch(/^Bearer /);
    const doc = app.documents.at(-1)!;
    expect(doc.fileType).toBe('pdf');
    expect(doc.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const printed = pdfText(doc.bytes);
    expect(printed).toContain('锦江区骑手：下个月最想谈什么');
    expect(printed).toContain('微信扫一扫');
    app.assertNoErrors();
    app.kill();

    // A rider taps the card in the group chat.
    const rider = await srv.login('weapp5-rider', 'worker');
    await srv.api('PATCH', '/me', { regionCode: '510104', industry: 'rider' }, rider.token);
    app = await openApp({ server: srv.url, openid: 'weapp5-rider', path: card.path.slice(1), scene: 1007 });
    await app.onPage('pages/vote/index');
    await app.see('锦江区骑手：下个月最想谈什么');
    await app.see(`#topic-${consultation.topics[0].id}`);
    app.assertNoErrors();
    app.kill();

    // Another scans the poster at the station: WeChat opens the page with the code's scene, URI-encoded.
    const rider2 = await srv.login('weapp5-rider-2', 'worker');
    await srv.api('PATCH', '/me', { regionCode: '510104', industry: 'rider' }, rider2.token);
    const scene = encodeURIComponent(consultationScene(consultation.id));
    app = await openApp({ server: srv.url, openid: 'weapp5-rider-2', path: `pages/vote/index?scene=${scene}`, scene: 1047 });
    await app.see('锦江区骑手：下个月最想谈什么');
    await app.tap(`#topic-${consultation.topics[1].id}`);
    await app.tap('#vote-submit');
    await app.onPage('pages/result/index');
    const ballot = app.callsTo('request').find((r) => r.method === 'PUT');
    expect(ballot).toMatchObject({ statusCode: 200 });
    expect(ballot.url).toContain(`/api/consultations/${consultation.id}/ballot`);
    app.assertNoErrors();
  });

  it('says so on the vote page when a code names no consultation', async () => {
    app = await openApp({ server: srv.url, openid: 'weapp5-rider-3', path: 'pages/vote/index?scene=nothing-here', scene: 1047 });
    await app.see('链接不完整，请回到议题列表重新打开。');
    app.assertNoErrors();
  });

  it('follows the WeChat font size and gives screen readers roles and names', async () => {
    const { consultation } = await openRiderConsultation('大字也看得清');
    const rider = await srv.login('weapp5-big-font', 'worker');
    await srv.api('PATCH', '/me', { regionCode: '510104', industry: 'rider' }, rider.token);
    app = await openApp({ server: srv.url, openid: 'weapp5-big-font', path: `pages/vote/index?id=${consultation.id}` });
    app.phone.fontScale = 1.5;
    app = await app.relaunch({ path: `pages/vote/index?id=${consultation.id}` });
    await app.see('大字也看得清');
    expect(app.html()).toContain('--xst-font-scale: 1.5');
    const topic = `#topic-${consultation.topics[0].id}`;
    expect([app.attr(topic, 'aria-role'), app.attr(topic, 'aria-label'), app.attr(topic, 'aria-checked')]).toEqual([
      'checkbox',
      '抽成比例',
      'false',
    ]);
    await app.tap(topic);
    expect(app.attr(topic, 'aria-checked')).toBe('true');
    expect([app.attr('#vote-submit', 'aria-role'), app.attr('#vote-submit', 'aria-disabled')]).toEqual(['button', null]);
    app.assertNoErrors();
  });
});
