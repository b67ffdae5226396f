// What a phone does when its user accepts subscribe messages in WeChat's dialog: WeChat (the fake) counts the
// acceptance itself, and the mini-program reports it to the server. Both sides learn it separately, as in production.
import type { SubscriptionKind, SubscriptionStatus } from '@xst/shared-types';
import type { FakeWechat } from './fake-wechat.js';
import type { Actor } from './server.js';

interface Api {
  api(actor: Actor): {
    get(path: string): PromiseLike<{ status: number; body: unknown }>;
    post(path: string, body?: object): PromiseLike<{ status: number; body: unknown }>;
  };
}

/** `openid` accepts every template offered to `actor`, `times` times (one message each). */
export async function acceptSubscriptions(
  s: Api,
  wechat: FakeWechat,
  actor: Actor,
  openid: string,
  times = 1,
): Promise<SubscriptionStatus> {
  const offered = (await s.api(actor).get('/subscriptions')).body as SubscriptionStatus;
  let status = offered;
  for (let i = 0; i < times; i++) {
    const results = Object.fromEntries(offered.quotas.map((q) => [q.templateId, 'accept' as const]));
    wechat.accept(openid, results);
    const res = await s.api(actor).post('/subscriptions', { results });
    if (res.status !== 200) throw new Error(`report of subscriptions failed: ${res.status} ${JSON.stringify(res.body)}`);
    status = res.body as SubscriptionStatus;
  }
  return status;
}

/**
 * Many acceptances at once for files whose subject is something else: the same two sides (WeChat's count and the
 * server's), written directly instead of through one report per message.
 */
export async function grantSubscriptions(
  s: { db: { query(sql: string, params?: unknown[]): Promise<unknown> } },
  wechat: FakeWechat,
  actor: Actor,
  openid: string,
  kind: SubscriptionKind,
  times: number,
): Promise<void> {
  wechat.accept(openid, Array(times).fill(kind));
  await s.db.query('INSERT INTO subscription_quotas (userId, kind, remaining) VALUES (?, ?, ?)', [actor.user.id, kind, times]);
}
