// Getting riders to a consultation: the 小程序码 made through WeChat's wxa/getwxacodeunlimit (scene = the
// consultation, page = the vote page), the printable A4 poster around it, and WeChat's refusals as the fake answers them.
import { consultationIdOfScene, consultationScene } from '@xst/shared-types';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { makeConsultation } from './support/consultations.js';
import { startServer, type Actor, type TestServer } from './support/server.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const binary = (res: any, cb: (e: Error | null, b: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => cb(null, Buffer.concat(parts)));
};

/** What a PDF prints: its text (layout kept), page size and embedded images, as poppler reads them. */
function readPdf(pdf: Buffer) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xst-poster-'));
  try {
    const file = path.join(dir, 'poster.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    const info = execFileSync('pdfinfo', [file]).toString();
    const images = execFileSync('pdfimages', ['-list', file]).toString().split('\n').slice(2).filter(Boolean);
    const fonts = execFileSync('pdffonts', [file]).toString();
    return { text, info, images, fonts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('小程序码 and poster', () => {
  let s: TestServer;
  let organizer: Actor;
  let otherCity: Actor;
  let admin: Actor;

  beforeAll(async () => {
    s = await startServer();
    organizer = await s.login('poster-org', 'organizer', { regionCode: '510100' });
    otherCity = await s.login('poster-org-zg', 'organizer', { regionCode: '510300' });
    admin = await s.login('poster-admin', 'admin', { regionCode: '510000' });
  });
  afterAll(async () => {
    s.clock.setOffset(0);
    await s.stop();
  });
  afterEach(() => {
    s.clock.setOffset(0);
    s.wechat.releasedPages.add('pages/vote/index');
  });

  it('asks WeChat for a code that opens the vote page with the consultation as its scene', async () => {
    const c = await makeConsultation(s, organizer);
    const before = s.wechat.codes.length;
    const res = await s.api(organizer).get(`/consultations/${c.id}/wxacode.png`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect((res.body as Buffer).subarray(0, 8)).toEqual(PNG);
    const asked = s.wechat.codes.slice(before);
    expect(asked).toEqual([
      { scene: consultationScene(c.id), page: 'pages/vote/index', checkPath: true, envVersion: 'release', width: 430 },
    ]);
    // A UUID has 36 characters, WeChat takes 32: the scene is the id without hyphens, and the vote page reads it back.
    expect(asked[0].scene).toHaveLength(32);
    expect(consultationIdOfScene(asked[0].scene)).toBe(c.id);
    expect(consultationIdOfScene(encodeURIComponent(asked[0].scene))).toBe(c.id);
    expect(consultationIdOfScene('not-a-scene')).toBeNull();
    expect(consultationIdOfScene('%E0%A4%A')).toBeNull();
    // An admin of the province reaches it too.
    expect((await s.api(admin).get(`/consultations/${c.id}/wxacode.png`)).status).toBe(200);
  });

  it('prints an A4 poster with the title, the deadline in Beijing time and the code', async () => {
    // Three days on, at 10:00 UTC: 18:00 in Beijing.
    const closes = new Date(Math.floor(s.clock.now().getTime() / 86400_000) * 86400_000 + 3 * 86400_000 + 10 * 3600_000);
    const bj = new Date(closes.getTime() + 8 * 3600_000);
    const c = await makeConsultation(s, organizer, { title: '锦江区外卖骑手：你最想谈的三件事', closesAt: closes.toISOString() });
    const res = await s.api(organizer).get(`/consultations/${c.id}/poster.pdf`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('锦江区外卖骑手：你最想谈的三件事-海报.pdf'));
    const pdf = readPdf(res.body as Buffer);
    expect(pdf.info).toMatch(/Pages:\s+1\b/);
    expect(pdf.info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    const flat = pdf.text.replace(/\s+/g, '');
    expect(flat).toContain('锦江区外卖骑手：你最想谈的三件事');
    expect(flat).toContain(`截止：${bj.getUTCFullYear()}年${bj.getUTCMonth() + 1}月${bj.getUTCDate()}日18:00`);
    expect(flat).toContain('微信扫一扫');
    expect(flat).toContain('没人能看到你选了什么');
    // The code WeChat made, embedded at its own resolution; the Chinese font embedded (a subset), so any printer shows it.
    expect(pdf.images).toHaveLength(1);
    expect(pdf.images[0]).toMatch(/^\s*1\s+\d+\s+image\s+430\s+430\s+gray/);
    expect(pdf.fonts).toMatch(/yes\s+yes\s+yes/);
  });

  it('refuses a consultation of another city as if it did not exist, and an ended one without asking WeChat', async () => {
    const c = await makeConsultation(s, organizer);
    const before = s.wechat.codes.length;
    for (const file of ['wxacode.png', 'poster.pdf']) {
      const res = await s.api(otherCity).get(`/consultations/${c.id}/${file}`);
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('意见征集不存在或无权查看');
    }
    expect((await s.api(organizer).post(`/consultations/${c.id}/close`)).status).toBe(200);
    for (const file of ['wxacode.png', 'poster.pdf']) {
      const res = await s.api(organizer).get(`/consultations/${c.id}/${file}`);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'consultation_closed', message: '这次意见征集已经结束，不用再贴海报了' });
    }
    expect(s.wechat.codes.length).toBe(before);
  });

  it('says so when WeChat refuses the page because it is not released yet', async () => {
    const c = await makeConsultation(s, organizer);
    s.wechat.releasedPages.delete('pages/vote/index');
    for (const file of ['wxacode.png', 'poster.pdf']) {
      const res = await s.api(organizer).get(`/consultations/${c.id}/${file}`);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'wechat_page_unreleased' });
      expect(res.body.message).toContain('投票页还没有发布');
    }
  });

  it('the fake refuses what WeChat refuses', async () => {
    const tokenRes = await fetch(`${s.wechat.url}/cgi-bin/stable_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: 'wx-test-app', secret: 'wx-test-secret' }),
    });
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;
    const ask = async (body: object, t = token) => {
      const res = await fetch(`${s.wechat.url}/wxa/getwxacodeunlimit?access_token=${t}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return /json/.test(res.headers.get('content-type') ?? '')
        ? ((await res.json()) as { errcode: number }).errcode
        : res.headers.get('content-type');
    };
    const scene = 'a'.repeat(32);
    expect(await ask({ scene, page: 'pages/vote/index' })).toBe('image/png');
    expect(await ask({ scene: 'a'.repeat(33), page: 'pages/vote/index' })).toBe(40169);
    expect(await ask({ scene: '', page: 'pages/vote/index' })).toBe(40169);
    expect(await ask({ scene: '中文', page: 'pages/vote/index' })).toBe(40169);
    expect(await ask({ scene, page: '/pages/vote/index' })).toBe(41030);
    expect(await ask({ scene, page: 'pkg-organizer/home/index' })).toBe(41030);
    expect(await ask({ scene, page: 'pkg-organizer/home/index', check_path: false, env_version: 'trial' })).toBe('image/png');
    expect(await ask({ scene, page: 'pages/vote/index', width: 279 })).toBe(40097);
    expect(await ask({ scene, page: 'pages/vote/index', width: 1281 })).toBe(40097);
    expect(await ask({ scene, page: 'pages/vote/index', env_version: 'beta' })).toBe(40097);
    expect(await ask({ scene, page: 'pages/vote/index' }, '')).toBe(40001);
  });
});

describe('小程序码 of a version not yet released (WECHAT_CODE_ENV=trial)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ WECHAT_CODE_ENV: 'trial' });
  });
  afterAll(() => s.stop());

  it('asks without the page check, so a trial version can be scanned before release', async () => {
    const organizer = await s.login('poster-trial-org', 'organizer', { regionCode: '510100' });
    const c = await makeConsultation(s, organizer);
    s.wechat.releasedPages.clear();
    const res = await s.api(organizer).get(`/consultations/${c.id}/wxacode.png`);
    expect(res.status).toBe(200);
    expect(s.wechat.codes.at(-1)).toMatchObject({ checkPath: false, envVersion: 'trial', page: 'pages/vote/index' });
  });
});

describe('poster settings', () => {
  it('refuses a code version or a font that cannot be used, naming the setting', () => {
    expect(() => loadConfig({ WECHAT_CODE_ENV: 'beta' }, os.tmpdir())).toThrow(/WECHAT_CODE_ENV must be one of release, trial, develop/);
    expect(() => loadConfig({ POSTER_FONT: '/nowhere/font.ttf' }, os.tmpdir())).toThrow(/POSTER_FONT: no font file/);
    expect(() => loadConfig({ POSTER_FONT: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc' }, os.tmpdir())).toThrow(/PostScriptName/);
    expect(loadConfig({ POSTER_FONT: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc#WenQuanYiMicroHei' }, os.tmpdir()).posterFont).toEqual(
      {
        file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
        name: 'WenQuanYiMicroHei',
      },
    );
  });

  it('answers 503 naming POSTER_FONT when the server has no Chinese font, the code still served', async () => {
    const s = await startServer();
    try {
      s.config.posterFont = null;
      const organizer = await s.login('poster-nofont-org', 'organizer', { regionCode: '510100' });
      const c = await makeConsultation(s, organizer);
      const res = await s.api(organizer).get(`/consultations/${c.id}/poster.pdf`);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'poster_unavailable' });
      expect(res.body.message).toContain('POSTER_FONT');
      expect((await s.api(organizer).get(`/consultations/${c.id}/wxacode.png`)).status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});
