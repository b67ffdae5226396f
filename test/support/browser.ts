// Debian's Chromium through playwright-core, at a phone's size, with screenshots kept as artifacts.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = path.resolve(here, '..', 'artifacts');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=zh-CN',
    ],
  });
}

/** A phone: 375×667 CSS pixels, touch, Chinese locale, Shanghai time. */
export async function phone(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 375, height: 667 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
}

/** Numbered screenshots of one journey, under test/artifacts/<database>/<journey>/. */
export function camera(journey: string) {
  const dir = path.join(ARTIFACTS, process.env.TEST_DB ?? 'sqlite', journey);
  mkdirSync(dir, { recursive: true });
  let n = 0;
  const shot = async (page: Page, name: string) => {
    n++;
    await page.screenshot({ path: path.join(dir, `${String(n).padStart(2, '0')}-${name}.png`) });
  };
  /** Runs a step; when it fails, the screen as it was is kept beside the others before the error goes on. */
  shot.step = async <T>(page: Page, name: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      await shot(page, `FAILED-${name}`).catch(() => undefined);
      throw e;
    }
  };
  return shot;
}

/**
 * Layout checks a rider would notice: nothing wider than the screen, tappable things at least 44 px high, no
 * English error text. Returns what is wrong (empty when all is well).
 */
export async function phoneProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1)
      problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px > ${width}px`);
    for (const el of Array.from(document.querySelectorAll('button, [role=button], .xbtn, taro-button-core'))) {
      const r = (el as HTMLElement).getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.height < 44 - 0.5)
        problems.push(`tap target "${(el as HTMLElement).innerText.trim().slice(0, 20)}" is ${Math.round(r.height)}px high`);
    }
    const text = document.body.innerText;
    for (const english of ['Error', 'undefined', 'null', 'NaN', 'Internal server error', 'Bad Request']) {
      if (new RegExp(`\\b${english}\\b`).test(text)) problems.push(`shows "${english}"`);
    }
    return problems;
  });
}

/**
 * Everything a page logs as an error (console errors, uncaught exceptions) and every request answered 4xx/5xx or not
 * answered at all, from now on. A journey asserts `problems()` is empty where nothing should go wrong; `allow` takes
 * the requests a step expects to fail (a validation error it provokes, the network it cuts).
 */
export function watchPage(page: Page) {
  const seen: string[] = [];
  let allowed: ((url: string, status: number) => boolean)[] = [];
  const isAllowed = (url: string, status: number) => allowed.some((a) => a(url, status));
  page.on('console', (m) => {
    if (m.type() === 'error') seen.push(`console error: ${m.text().slice(0, 300)} (${m.location().url})`);
  });
  page.on('pageerror', (e) => seen.push(`uncaught: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !isAllowed(r.url(), r.status())) seen.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    if (!isAllowed(r.url(), 0)) seen.push(`failed ${r.request().method()} ${r.url()}: ${r.failure()?.errorText}`);
  });
  return {
    problems: () => [...seen],
    allow(match: (url: string, status: number) => boolean) {
      allowed.push(match);
    },
    reset() {
      seen.length = 0;
      allowed = [];
    },
  };
}

/** Retries `check` (which throws while not yet true) until it passes or `timeoutMs` is over. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Lets a page transition of the H5 router (300 ms slide) finish before the next look or tap. */
export const settle = (page: Page) => page.waitForTimeout(900);

/** Taps a tab of the tab bar by its label. */
export async function tab(page: Page, label: '议题' | '协商' | '我的'): Promise<void> {
  await page.locator('.weui-tabbar__item, .taro-tabbar__tabbar-item', { hasText: label }).first().click();
  await settle(page);
}
