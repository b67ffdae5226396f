// 职工联署: workers see the petitions that concern them and start one with a tap; organizers and admins see their
// region's, the ones owing an invitation first.
import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { INDUSTRY_LABELS, PETITION_STATUS_LABELS, type Petition, type PetitionStatus } from '@xst/shared-types'
import { listPetitionEmployers, listPetitions, startPetition } from '../../api/petitions'
import { askSubscribe, canSubscribe, loadSubscriptions } from '../../api/subscriptions'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { PetitionProgress } from '../../components/PetitionProgress'
import { Sheet } from '../../components/Sheet'
import { ErrorState, StaleBanner, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { pageStyle } from '../../utils/comfort'
import { ROUTES, go } from '../../utils/nav'
import './index.css'

const BADGE: Record<PetitionStatus, string> = {
  collecting: 'badge-blue',
  obliged: 'badge-green',
  overdue: '',
  answered: 'badge-grey',
}

function PetitionCard({ p }: { p: Petition }) {
  return (
    <Card
      id={`petition-${p.id}`}
      className="petition-card"
      title={p.employer.name}
      onClick={() => go(ROUTES.petition(p.id))}
      extra={<View className={`badge ${BADGE[p.status]}`}>{PETITION_STATUS_LABELS[p.status]}</View>}
    >
      <View className="muted">
        {INDUSTRY_LABELS[p.industry]} · {p.regionName}
        {p.mySignature ? ' · 我已联署' : ''}
      </View>
      <PetitionProgress p={p} />
    </Card>
  )
}

export default function PetitionsPage() {
  const user = useSession()
  const worker = user?.role === 'worker'
  const allowed = !!user && user.role !== 'enterprise'
  const list = useLoad(() => listPetitions(), [user?.id], allowed)
  const [picking, setPicking] = useState(false)
  const [starting, setStarting] = useState(false)
  const employers = useLoad(listPetitionEmployers, [user?.id, picking], !!worker && picking)
  const organizer = user?.role === 'organizer'
  useEffect(() => {
    if (organizer) void loadSubscriptions()
  }, [organizer])

  usePullDownRefresh(async () => {
    await list.reload()
    Taro.stopPullDownRefresh()
  })

  if (!user) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          status="empty"
          title="登录后参加联署"
          message="满五分之一的职工联署，工会就必须向企业发出协商要约。"
          action={
            <Button id="pt-go-login" onClick={() => go(ROUTES.login)}>
              去登录
            </Button>
          }
        />
      </View>
    )
  }
  if (!allowed) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="企业账号看不到职工联署" message="工会发出要约后，你会在“收到的要约”里看到。" />
      </View>
    )
  }

  const start = async (organizationId: string) => {
    setStarting(true)
    try {
      const p = await startPetition({ organizationId })
      setPicking(false)
      toast.success('已联署')
      go(ROUTES.petition(p.id))
    } catch (e) {
      toast.error(e)
    } finally {
      setStarting(false)
    }
  }

  const items = list.data ?? []
  return (
    <View className="page" style={pageStyle()}>
      <View className="page-lead">
        {worker
          ? '想让工会和企业谈？一起联署。满核验名册的五分之一，工会就必须发出要约。联署不公开姓名。'
          : '职工联署达到规定比例后，须在期限内发出要约。'}
      </View>
      {organizer && canSubscribe() && (
        <Button
          id="pt-subscribe"
          type="secondary"
          size="medium"
          onClick={() => {
            // Asked inside the tap, as WeChat requires; one acceptance allows one notice.
            void askSubscribe('petition_reached').then((ok) => ok && toast.success('达到比例时会通知你'))
          }}
        >
          职工联署达到比例时通知我
        </Button>
      )}
      {worker && (
        <Button id="pt-start" onClick={() => setPicking(true)}>
          发起或加入联署
        </Button>
      )}
      {list.loading && !list.data ? (
        <StateView status="loading" />
      ) : list.error && !list.data ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : items.length === 0 ? (
        <StateView
          status="empty"
          id="petitions-empty"
          title="还没有联署"
          message={worker ? '核验身份后，你所在城市和行业的联署会显示在这里。' : '职工发起联署后，会显示在这里。'}
        />
      ) : (
        <View className="pt-list">
          <StaleBanner error={list.error} onRetry={list.reload} />
          {items.map((p) => (
            <PetitionCard key={p.id} p={p} />
          ))}
        </View>
      )}
      <Sheet
        id="pt-employer-sheet"
        open={picking}
        title="向哪家企业要约？"
        onClose={() => setPicking(false)}
        optionClassName="pt-employer"
        options={(employers.data ?? []).map((o) => ({ value: o.id, label: o.isPlatform ? `${o.name}（平台企业）` : o.name }))}
        onSelect={(id) => !starting && void start(id)}
        header={
          employers.loading && !employers.data ? (
            <StateView status="loading" />
          ) : employers.error ? (
            <ErrorState error={employers.error} onRetry={employers.reload} />
          ) : employers.data && employers.data.length === 0 ? (
            <StateView status="empty" id="pt-not-verified" title="先核验身份" message="到工会驿站或恳谈会领取核验码，核验后就能联署。" />
          ) : null
        }
      />
    </View>
  )
}
