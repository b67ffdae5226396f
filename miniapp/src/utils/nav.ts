// Every route in one place, so pages never spell paths by hand.
import Taro from '@tarojs/taro'
import type { Role } from '@xst/shared-types'

export const TABS = {
  consultations: '/pages/consultations/index',
  negotiation: '/pages/negotiation/index',
  me: '/pages/me/index',
} as const

export const ROUTES = {
  login: '/pages/login/index',
  profile: '/pages/profile/index',
  vote: (id: string) => `/pages/vote/index?id=${id}`,
  result: (id: string) => `/pages/result/index?id=${id}`,
  history: '/pages/history/index',
  congress: (id: string) => `/pages/congress/index?id=${id}`,
  verify: '/pages/verify/index',
  organizerRoll: '/pkg-organizer/roll/index',
  petitions: '/pages/petitions/index',
  petition: (id: string) => `/pages/petition/index?id=${id}`,
  composeFromPetition: (petitionId: string) => `/pkg-invitations/compose/index?petitionId=${petitionId}`,
  organizerHome: '/pkg-organizer/home/index',
  organizerCreate: '/pkg-organizer/create/index',
  organizerResults: (id: string) => `/pkg-organizer/results/index?id=${id}`,
  adminHome: '/pkg-admin/home/index',
  enterpriseHome: '/pkg-enterprise/home/index',
}

export const WORKBENCH: Record<Exclude<Role, 'worker'>, string> = {
  organizer: ROUTES.organizerHome,
  admin: ROUTES.adminHome,
  enterprise: ROUTES.enterpriseHome,
}

export function go(url: string) {
  return Taro.navigateTo({ url })
}

export function goTab(url: string) {
  return Taro.switchTab({ url })
}

/** Back to the previous page, or to a tab when the page was opened directly (shared link, reload). */
export function back(fallbackTab: string = TABS.consultations) {
  if (Taro.getCurrentPages().length > 1) return Taro.navigateBack()
  return Taro.switchTab({ url: fallbackTab })
}
