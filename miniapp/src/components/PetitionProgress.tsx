// A petition's progress as everyone may see it: co-signers in steps only, the share that obliges an invitation,
// and once reached, the union's clock.
import { View } from '@tarojs/components'
import type { Petition } from '@xst/shared-types'
import { formatDate, formatDay } from '../utils/time'
import './PetitionProgress.css'

export function signedText(p: Petition): string {
  return p.signatures.shown === null ? `不足 ${p.signatures.step} 人，暂不公布` : `已有 ${p.signatures.shown} 人以上联署`
}

export function clockText(p: Petition): string | null {
  if (p.daysLeft === null || !p.dueLastDay) return null
  if (p.daysLeft < 0) return `已逾期 ${-p.daysLeft} 天`
  return p.daysLeft === 0 ? '今天是最后一天' : `还剩 ${p.daysLeft} 天`
}

export function PetitionProgress({ p }: { p: Petition }) {
  const shown = p.signatures.shown ?? 0
  const share = p.threshold.needed ? Math.min(100, Math.round((shown / p.threshold.needed) * 100)) : 0
  const clock = clockText(p)
  return (
    <View className="pp">
      <View className="pp-count" id={`pp-count-${p.id}`}>
        {signedText(p)}
      </View>
      <View className="pp-bar">
        <View className="pp-bar-fill" style={{ width: `${p.status === 'collecting' ? share : 100}%` }} />
      </View>
      <View className="pp-rule muted">
        {p.roll.size
          ? `满 ${p.threshold.needed} 人（核验名册 ${p.roll.size} 人的 ${p.threshold.percent}%），工会必须向企业发出要约`
          : '这个范围还没有核验过的职工，请先到工会驿站核验身份'}
      </View>
      {p.reachedOn && (
        <View className="pp-reached" id={`pp-reached-${p.id}`}>
          {formatDay(p.reachedOn)} 联署人数已达到 {p.threshold.percent}%
        </View>
      )}
      {p.status !== 'answered' && p.dueLastDay && (
        <View className={`pp-clock ${p.status === 'overdue' ? 'pp-clock-late' : ''}`} id={`pp-clock-${p.id}`}>
          工会应在 {formatDay(p.dueLastDay)} 24时前发出要约{clock ? `，${clock}` : ''}
        </View>
      )}
      {p.status === 'answered' && p.answeredAt && (
        <View className="pp-answered" id={`pp-answered-${p.id}`}>
          工会已于 {formatDate(p.answeredAt)} 发出要约{p.answeredInTime === false ? '（晚于期限）' : ''}
        </View>
      )}
    </View>
  )
}
