// Steps the journeys share: signing in through the H5 demo sign-in, and riders voting through the API.
import type { Page } from 'playwright-core';
import { settle } from './browser.js';
import type { JourneyServer } from './server.js';

export type DemoRole = 'worker' | 'organizer' | 'enterprise' | 'admin';

/**
 * Opens a page of the app by its route with a fresh load (a hash change alone does not always reach the H5 router
 * while another page is on top); what is kept in storage — the sign-in, drafts — survives, as on a phone.
 */
export async function openPage(page: Page, srv: JourneyServer, route: string): Promise<void> {
  await page.goto(`${srv.url}/?load=${Date.now()}#${route}`);
  await settle(page);
}

/** Opens the app and signs in with the demo account of `role` through the login page's buttons. */
export async function signInAs(page: Page, srv: JourneyServer, role: DemoRole): Promise<void> {
  await openPage(page, srv, '/pages/login/index');
  await page.locator(`#dev-login-${role}:visible`).click();
  await settle(page);
}

/** What rider `i` writes as a suggestion (nothing when it gives undefined). */
export type Suggest = (i: number) => string | undefined;

/** `n` riders of Chengdu vote through the API, so that results are not one person's. */
export async function ridersVote(
  srv: Pick<JourneyServer, 'api' | 'login'>,
  consultationId: string,
  choose: (i: number) => string[],
  n = 6,
  prefix = 'rider',
  suggest?: Suggest,
): Promise<void> {
  for (let i = 0; i < n; i++) {
    const w = await srv.login(`${prefix}-${i}`, 'worker');
    await srv.api('PATCH', '/me', { regionCode: '510104', industry: 'rider' }, w.token);
    const suggestion = suggest?.(i);
    const ballot = { choices: choose(i), ...(suggestion !== undefined ? { suggestion } : {}) };
    const r = await srv.api('PUT', `/consultations/${consultationId}/ballot`, ballot, w.token);
    if (r.status !== 200) throw new Error(`ballot of ${prefix}-${i}: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

/**
 * Results are published in steps of k (5) and shown one step behind: k riders vote, a reader takes the first
 * snapshot (still kept back), and k more vote, so that the next reader sees the first k ballots published (with
 * the suggestions riders 0 to 4 wrote; those of riders 5 to 9 wait for the next step).
 */
export async function ridersVoteInSteps(
  srv: Pick<JourneyServer, 'api' | 'login'>,
  consultationId: string,
  choose: (i: number) => string[],
  readerToken: string,
  prefix = 'rider',
  suggest?: Suggest,
): Promise<void> {
  await ridersVote(srv, consultationId, choose, 5, prefix, suggest);
  const first = await srv.api('GET', `/consultations/${consultationId}/results`, undefined, readerToken);
  if (first.body.reason !== 'first_pending') throw new Error(`first snapshot: ${JSON.stringify(first.body)}`);
  await ridersVote(srv, consultationId, (i) => choose(i + 5), 5, `${prefix}-more`, suggest && ((i) => suggest(i + 5)));
}

/** Accepts the confirmation dialog of the H5 build. */
export async function confirmDialog(page: Page): Promise<void> {
  await page.locator('.taro-modal__foot > div:last-child').click();
  await settle(page);
}
