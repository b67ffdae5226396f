// One-time subscribe messages, asked for at the tap where the news matters to the user (WeChat allows the request
// only inside a tap handler, for at most 3 templates), then reported to the server, which sends only what was
// accepted. The template ids are loaded beforehand: the request must be made before the handler awaits anything.
// Where requestSubscribeMessage does not exist (the H5 build), nothing is asked and nothing breaks.
import Taro from '@tarojs/taro'
import type {
  ReportSubscriptionsRequest,
  SubscribeAnswer,
  SubscriptionKind,
  SubscriptionQuota,
  SubscriptionStatus,
} from '@xst/shared-types'
import { api, IS_WEAPP } from './client'

let offered: SubscriptionQuota[] = []

/** Loads the caller's templates (call when a page that asks is shown); failures leave the ask silent. */
export async function loadSubscriptions(): Promise<SubscriptionQuota[]> {
  try {
    offered = (await api.get<SubscriptionStatus>('/subscriptions')).quotas
  } catch {
    // the tap still works; it only does not ask
  }
  return offered
}

/** Whether this build can ask WeChat for subscribe messages at all. */
export const canSubscribe = (): boolean =>
  IS_WEAPP && typeof (Taro as { requestSubscribeMessage?: unknown }).requestSubscribeMessage === 'function'

/**
 * Asks for the templates of `kinds` now, synchronously inside the caller's tap handler, and reports the answer in
 * the background. Returns the promise of the report (resolved with false when nothing was asked or accepted).
 */
export function askSubscribe(...kinds: SubscriptionKind[]): Promise<boolean> {
  const tmplIds = offered.filter((q) => kinds.includes(q.kind)).map((q) => q.templateId)
  if (!canSubscribe() || !tmplIds.length) return Promise.resolve(false)
  return Taro.requestSubscribeMessage({ tmplIds: tmplIds.slice(0, 3), entityIds: [] })
    .then(async (res) => {
      const answers = res as unknown as Record<string, unknown>
      const results: ReportSubscriptionsRequest['results'] = {}
      for (const id of tmplIds) {
        const a = answers[id]
        if (a === 'accept' || a === 'reject' || a === 'ban' || a === 'filter') results[id] = a as SubscribeAnswer
      }
      if (!Object.keys(results).length) return false
      const status = await api.post<SubscriptionStatus>('/subscriptions', { results })
      offered = status.quotas
      return Object.values(results).includes('accept')
    })
    .catch(() => false)
}
