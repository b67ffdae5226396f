// One petition: its progress in steps, the share that obliges an invitation and the union's clock; the worker signs
// or withdraws with one tap; an organizer sends the invitation from here (opened also from the WeChat notice).
import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { INDUSTRY_LABELS, INVITATION_PAGE, PETITION_STATUS_LABELS, type Petition } from '@xst/shared-types'
import { getPetition, signPetition, withdrawSignature } from '../../api/petitions'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { PetitionProgress } from '../../components/PetitionProgress'
import { ErrorState, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { pageStyle } from '../../utils/comfort'
import { ROUTES, go } from '../../utils/nav'
import './index.css'

export default function PetitionPage() {
  const id = useRouter().params.id ?? ''
  const user = useSession()
  const allowed = !!user && user.role !== 'enterprise'
  const loaded = useLoad(() => getPetition(id), [id, user?.id], allowed && !!id)
  const [fresh, setFresh] = useState<Petition | null>(null)
  const [busy, setBusy] = useState(false)
  const p = fresh && fresh.id === id && !loaded.loading ? fresh : loaded.data

  usePullDownRefresh(async () => {
    setFresh(null)
    await loaded.reload()
    Taro.stopPullDownRefresh()
  })

  if (!user) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          status="empty"
          title="登录后查看联署"
          action={
            <Button id="pd-go-login" onClick={() => go(ROUTES.login)}>
              去登录
            </Button>
          }
        />
      </View>
    )
  }
  if (!allowed)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="企业账号看不到职工联署" />
      </View>
    )
  if (!p) {
    return (
      <View className="page" style={pageStyle()}>
        {loaded.error ? <ErrorState error={loaded.error} onRetry={loaded.reload} /> : <StateView status="loading" />}
      </View>
    )
  }

  const toggle = async () => {
    setBusy(true)
    try {
      const next = p.mySignature ? await withdrawSignature(p.id) : await signPetition(p.id)
      setFresh(next)
      toast.success(next.mySignature ? '已联署' : '已撤回')
    } catch (e) {
      toast.error(e)
    } finally {
      setBusy(false)
    }
  }

  const open = p.status !== 'answered'
  return (
    <View className="page" style={pageStyle()}>
      <Card
        id="pd-card"
        title={p.employer.name}
        extra={
          <View className={`badge ${p.status === 'overdue' ? '' : p.status === 'answered' ? 'badge-grey' : 'badge-green'}`}>
            {PETITION_STATUS_LABELS[p.status]}
          </View>
        }
      >
        <View className="muted">
          {INDUSTRY_LABELS[p.industry]} · {p.regionName} · {p.startedOn.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}发起
        </View>
        {p.topics.length > 0 && <View className="pd-topics">想谈：{p.topics.map((t) => t.title).join('、')}</View>}
        <PetitionProgress p={p} />
      </Card>

      {user.role === 'worker' && open && (
        <View className="pd-actions">
          <Button
            id={p.mySignature ? 'pd-withdraw' : 'pd-sign'}
            type={p.mySignature ? 'secondary' : 'primary'}
            loading={busy}
            loadingText="请稍候…"
            onClick={toggle}
          >
            {p.mySignature ? '撤回我的联署' : '我要联署'}
          </Button>
          <View className="muted pd-note">
            {p.mySignature ? '你已联署。工会发出要约前，随时可以撤回。' : '一人只算一次。不公开姓名，也不记录联署时间。'}
          </View>
        </View>
      )}
      {user.role === 'worker' && !open && <View className="muted pd-note">工会已发出要约，联署结束。后续进展在“协商”里看。</View>}

      {user.role === 'organizer' && open && (
        <View className="pd-actions">
          <Button id="pd-invite" onClick={() => go(ROUTES.composeFromPetition(p.id))}>
            向{p.employer.name}发出要约
          </Button>
          <View className="muted pd-note">从这里发出的要约会记为对这份联署的答复。</View>
        </View>
      )}
      {user.role !== 'worker' && p.invitationId && (
        <View className="pd-actions">
          <Button id="pd-open-invitation" type="secondary" onClick={() => go(`/${INVITATION_PAGE}?id=${p.invitationId}`)}>
            查看发出的要约
          </Button>
        </View>
      )}
    </View>
  )
}
