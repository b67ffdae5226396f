// The default text of the 要约书's body. The server's letter already carries the greeting, the legal basis, the topics,
// time, place, the representatives and the chief, and the reply deadline; the body says why and what to bring.
import type { InvitationScope, InvitationSide } from '@xst/shared-types'

export interface LetterFacts {
  side: InvitationSide
  scope: InvitationScope
  /** The consultation the topics come from, when one is attached. */
  consultation?: { title: string; ballots: number } | null
}

const WORKERS: Record<InvitationScope, string> = {
  new_employment: '新就业形态劳动者',
  enterprise: '职工',
  industry_regional: '本行业（区域）职工',
}

export function defaultLetterBody({ side, scope, consultation }: LetterFacts): string {
  const workers = WORKERS[scope]
  const lines: string[] = []
  if (side === 'union') {
    if (consultation && consultation.ballots > 0) {
      lines.push(`我会在“${consultation.title}”中共收到${consultation.ballots}份${workers}的意见，下列议题是大家最关心的问题。`)
    }
    lines.push(`为维护${workers}的合法权益，构建和谐稳定的劳动关系，希望贵方本着平等合作、协商一致的原则参加协商。`)
    lines.push('请贵方在首次协商会议5个工作日前，向我会提供与协商议题有关的情况和资料。')
  } else {
    lines.push(`为建立健全${workers}劳动报酬、劳动条件等事项的协商机制，我方希望与贵会开展集体协商。`)
    lines.push('我方将在首次协商会议前，提供与协商议题有关的情况和资料。')
  }
  return lines.join('\n')
}
