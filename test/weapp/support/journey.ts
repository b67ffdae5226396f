// What the WeChat journeys share: the run's server (started once per database by global-setup.ts) and its API.
import { apiClient } from '../../support/server.js';

/** Acceptances the fake WeChat holds for a user and template (it learns them from the phone's dialog only). */
export async function wechatAcceptances(openid: string, templateId: string): Promise<number> {
  const fake = process.env.XST_FAKE_WECHAT;
  if (!fake) throw new Error('XST_FAKE_WECHAT is not set: the WeChat journeys run through test/jest.config.js');
  const res = await fetch(`${fake}/__fake/acceptances?${new URLSearchParams({ openid, templateId })}`);
  return ((await res.json()) as { left: number }).left;
}

export function weappServer() {
  const url = process.env.XST_WEAPP_SERVER;
  if (!url)
    throw new Error('XST_WEAPP_SERVER is not set: the WeChat journeys run through test/jest.config.js (its globalSetup starts the server)');
  return { url, ...apiClient(url) };
}

/** An open consultation for riders in Chengdu, created by the demo organizer. */
export async function openRiderConsultation(title: string) {
  const srv = weappServer();
  const organizer = await srv.login('demo-organizer', 'organizer');
  const now = Date.now();
  const created = await srv.api(
    'POST',
    '/consultations',
    {
      title,
      description: '选出你最希望工会和平台谈的三件事。',
      regionCode: '510100',
      industries: ['rider'],
      opensAt: new Date(now - 3600_000).toISOString(),
      closesAt: new Date(now + 5 * 86400_000).toISOString(),
      mode: 'multiple',
      maxChoices: 3,
      topics: [{ code: 'commission_rate' }, { code: 'algorithm' }, { code: 'order_dispatch' }, { code: 'labour_protection' }],
      allowSuggestions: true,
      resultsVisibility: 'after_vote',
    },
    organizer.token,
  );
  if (created.status !== 201) throw new Error(`consultation: ${created.status} ${JSON.stringify(created.body)}`);
  return { consultation: created.body as { id: string; topics: { id: string; title: string }[] }, organizer };
}
