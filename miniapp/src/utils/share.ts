// What a shared consultation looks like in a WeChat chat: its title and deadline, opening its vote page.
import type { Consultation } from '@xst/shared-types'
import { ROUTES } from './nav'
import { formatDateTime } from './time'

export function consultationCard(c: Pick<Consultation, 'id' | 'title' | 'closesAt'>) {
  return { title: `${c.title}（${formatDateTime(c.closesAt)} 截止）`, path: ROUTES.vote(c.id) }
}
