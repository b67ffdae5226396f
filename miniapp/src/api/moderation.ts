// The region's moderation queue: texts held after WeChat's content check until an organizer approves or hides them.
import type { ModerationDecision, ModerationItem, ModerationList } from '@xst/shared-types'
import { api } from './client'

export const listModeration = (status: 'held' | 'decided' = 'held') =>
  api.get<ModerationList>('/moderation', { status }).then((l) => l.items)

export const decideModeration = (id: string, decision: ModerationDecision) =>
  api.post<ModerationItem>(`/moderation/${id}/decision`, { decision })
