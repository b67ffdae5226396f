// 协商 tab: how the negotiation of the worker's industry goes (要约 → 应约 → 会议 → 合同), the minutes the union
// published, and the worker's rating of them (满意度 1–5 and 是否了解合同内容).
import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { CONGRESS_STATUS_LABELS, type FeedbackRequest, type NegotiationProgress, type Publication } from '@xst/shared-types'
import { ApiError } from '../../api/errors'
import { listCongresses } from '../../api/congress'
import { giveFeedback, listNegotiations } from '../../api/sessions'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { ErrorState, StaleBanner, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { needsProfile, useSession } from '../../hooks/useSession'
import { ROUTES, go } from '../../utils/nav'
import { formatDate, formatDateTime } from '../../utils/time'
import './index.css'
import { pageStyle } from '../../utils/comfort'
import { a11y } from '../../utils/a11y'

const HOW = ['工会征集大家的意见', '工会向平台企业发出要约', '双方坐下来协商', '签订集体合同，公布给大家']
const RATING_WORDS = ['', '很不满意', '不满意', '一般', '满意', '很满意']

/** Petitions follow the verified roll, not the profile: the way in is there whether or not the profile is filled in. */
function PetitionsEntry() {
  return (
    <Card id="neg-petitions" title="职工联署">
      <View className="muted">企业不来谈？满五分之一的职工联署，工会就必须发出协商要约。</View>
      <View className="neg-petitions-btn">
        <Button id="neg-open-petitions" size="medium" type="secondary" onClick={() => go(ROUTES.petitions)}>
          查看和发起联署
        </Button>
      </View>
    </Card>
  )
}

function HowItWorks() {
  return (
    <Card title="集体协商怎么进行">
      {HOW.map((s, i) => (
        <View key={s} className="nego-step">
          <View className="nego-step-num">{i + 1}</View>
          <View className="grow">{s}</View>
        </View>
      ))}
    </Card>
  )
}

/** The rating form of one publication; only one is open at a time, so its ids stay unique on the page. */
function FeedbackForm({ pub, onSaved }: { pub: Publication; onSaved: (p: Publication) => void }) {
  const [rating, setRating] = useState(pub.myFeedback?.rating ?? 0)
  const [knows, setKnows] = useState<boolean | null>(pub.myFeedback?.knowsContract ?? null)
  const [error, setError] = useState('')
  const [saving, setSaving] = useState(false)
  const submit = async () => {
    if (!rating) return setError('请先点星星打分')
    if (knows === null) return setError('请回答“你了解合同内容吗？”')
    setError('')
    setSaving(true)
    try {
      const req: FeedbackRequest = { rating, knowsContract: knows }
      onSaved(await giveFeedback(pub.id, req))
      toast.success('谢谢你的评价')
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '没能提交，请稍后重试')
    } finally {
      setSaving(false)
    }
  }
  return (
    <View className="neg-form" id="neg-feedback">
      <View className="neg-q">你对这次协商满意吗？</View>
      <View className="neg-stars">
        {[1, 2, 3, 4, 5].map((n) => (
          <View
            key={n}
            id={`neg-rate-${n}`}
            className={`neg-star ${n <= rating ? 'neg-star-on' : ''}`}
            hoverClass="neg-hover"
            aria-label={`${n} 星`}
            onClick={() => {
              setRating(n)
              setError('')
            }}
          >
            ★
          </View>
        ))}
      </View>
      <View className="neg-rating-word">{rating ? `${rating} 星 · ${RATING_WORDS[rating]}` : '点星星打分，5 星最满意'}</View>
      <View className="neg-q">你了解合同内容吗？</View>
      <View className="neg-yesno">
        <View
          id="neg-knows-yes"
          className={`neg-choice ${knows === true ? 'neg-choice-on' : ''}`}
          hoverClass="neg-hover"
          onClick={() => {
            setKnows(true)
            setError('')
          }}
        >
          {knows === true ? '✓ ' : ''}是，了解
        </View>
        <View
          id="neg-knows-no"
          className={`neg-choice ${knows === false ? 'neg-choice-on' : ''}`}
          hoverClass="neg-hover"
          onClick={() => {
            setKnows(false)
            setError('')
          }}
        >
          {knows === false ? '✓ ' : ''}否，不了解
        </View>
      </View>
      {error && (
        <View className="error-text neg-error" id="neg-feedback-error">
          {error}
        </View>
      )}
      <Button id="neg-feedback-submit" loading={saving} loadingText="正在提交…" onClick={submit}>
        {pub.myFeedback ? '修改评价' : '提交评价'}
      </Button>
      <View className="muted neg-private">评价不记名，工会只看到汇总的满意率和知晓率。</View>
    </View>
  )
}

function PublicationItem({
  pub,
  active,
  onOpen,
  onSaved,
}: {
  pub: Publication
  active: boolean
  onOpen: () => void
  onSaved: (p: Publication) => void
}) {
  const [expanded, setExpanded] = useState(false)
  const long = pub.body.length > 120
  return (
    <View className="neg-pub publication-item">
      <View className="row-between">
        <View className="neg-pub-title grow">{pub.title}</View>
        {pub.myFeedback ? <View className="badge badge-green">已评价</View> : <View className="badge">待评价</View>}
      </View>
      <View className="muted">{formatDate(pub.publishedAt)} 公开</View>
      <View className="neg-pub-body">{long && !expanded ? `${pub.body.slice(0, 120)}…` : pub.body}</View>
      {long && (
        <View className="neg-link" hoverClass="neg-hover" onClick={() => setExpanded(!expanded)} {...a11y('button')}>
          {expanded ? '收起' : '展开全文'}
        </View>
      )}
      {pub.myFeedback && !active && (
        <View className="muted">
          你的评价：{pub.myFeedback.rating} 星 · {pub.myFeedback.knowsContract ? '了解合同内容' : '不了解合同内容'}
        </View>
      )}
      {active ? (
        <FeedbackForm pub={pub} onSaved={onSaved} />
      ) : (
        <View className="neg-link" hoverClass="neg-hover" onClick={onOpen} {...a11y('link')}>
          {pub.myFeedback ? '修改评价 ›' : '去评价 ›'}
        </View>
      )}
    </View>
  )
}

function Progress({
  n,
  activeId,
  setActive,
  onSaved,
}: {
  n: NegotiationProgress
  activeId: string | null
  setActive: (id: string) => void
  onSaved: (p: Publication) => void
}) {
  const current = n.steps.findIndex((s) => !s.done)
  return (
    <Card className="neg-card" title={n.counterpart ? `与${n.counterpart}的协商` : n.title}>
      <View className="muted neg-sub">{n.title}</View>
      <View className="neg-steps">
        {n.steps.map((s, i) => (
          <View key={s.key} className={`neg-pstep ${s.done ? 'neg-pstep-done' : i === current ? 'neg-pstep-now' : ''}`}>
            <View className="neg-dot">{s.done ? '✓' : i + 1}</View>
            <View className="grow">
              <View className="neg-pstep-label">
                {s.label}
                {s.key === 'sessions' && n.sessions > 0 ? `（${n.sessions} 次）` : ''}
              </View>
              <View className="muted">{s.done && s.at ? formatDate(s.at) : i === current ? '进行中' : '还没到这一步'}</View>
            </View>
          </View>
        ))}
      </View>
      {n.publications.length > 0 ? (
        <View className="neg-pubs">
          <View className="neg-pubs-title">工会公开的会议纪要和结果</View>
          {n.publications.map((p) => (
            <PublicationItem key={p.id} pub={p} active={activeId === p.id} onOpen={() => setActive(p.id)} onSaved={onSaved} />
          ))}
        </View>
      ) : (
        <View className="muted neg-none">会议纪要公开后会显示在这里，你可以打分评价。</View>
      )}
    </Card>
  )
}

/** The congresses the worker sits in: a failure to load them shows nothing (the rest of the page still works). */
function Congresses({ ready, userId }: { ready: boolean; userId: string }) {
  const list = useLoad(listCongresses, [userId], ready)
  if (!list.data?.length) return null
  return (
    <>
      <View className="section-title">职工代表大会</View>
      {list.data.map((c) => (
        <Card
          key={c.id}
          id={`neg-congress-${c.id}`}
          title={c.title}
          onClick={() => go(ROUTES.congress(c.id))}
          extra={<View className={`badge ${c.status === 'open' ? 'badge-green' : 'badge-grey'}`}>{CONGRESS_STATUS_LABELS[c.status]}</View>}
        >
          <View className="muted">
            {c.status === 'closed'
              ? '已结束，点开看结果'
              : c.myChoice
                ? '你已表决，结束前可以改'
                : `请在 ${formatDateTime(c.closesAt)} 前表决`}
          </View>
        </Card>
      ))}
    </>
  )
}

export default function NegotiationPage() {
  const user = useSession()
  const isWorker = user?.role === 'worker'
  const ready = isWorker && !needsProfile(user)
  const list = useLoad(listNegotiations, [user?.id, user?.industry, user?.regionCode], ready)
  const [chosen, setChosen] = useState<string | null>(null)
  const [saved, setSaved] = useState<Record<string, Publication>>({})

  usePullDownRefresh(async () => {
    await list.reload()
    Taro.stopPullDownRefresh()
  })

  if (!user) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          id="negotiation-signed-out"
          status="empty"
          title="登录后查看协商进展"
          message="你所在行业和平台的集体协商进展会显示在这里。"
          action={
            <Button id="neg-go-login" onClick={() => go(ROUTES.login)}>
              去登录
            </Button>
          }
        />
        <HowItWorks />
      </View>
    )
  }
  if (!isWorker) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="这里是劳动者看的协商进展" message="工作人员请在“我的”里进入工作台，记录协商会议和集体合同。" />
        <HowItWorks />
      </View>
    )
  }
  if (!ready) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          status="empty"
          title="先告诉我们你的行业和城市"
          message="这样才能显示和你有关的协商。"
          action={
            <Button id="neg-go-profile" onClick={() => go(`${ROUTES.profile}?next=back`)}>
              去填写
            </Button>
          }
        />
        <PetitionsEntry />
      </View>
    )
  }

  // Those with something to read first, then the furthest along.
  const weight = (n: NegotiationProgress) => (n.publications.length ? 10 : 0) + n.steps.filter((s) => s.done).length
  const items = (list.data ?? [])
    .map((n) => ({ ...n, publications: n.publications.map((p) => saved[p.id] ?? p) }))
    .sort((a, b) => weight(b) - weight(a))
  const allPubs = items.flatMap((n) => n.publications)
  // The open rating form: the one the worker chose, else the first still waiting for their rating.
  const activeId = chosen ?? allPubs.find((p) => !p.myFeedback)?.id ?? null
  const onSaved = (p: Publication) => {
    setSaved({ ...saved, [p.id]: p })
    setChosen(null)
  }

  return (
    <View className="page" style={pageStyle()}>
      {list.data && <StaleBanner error={list.error} onRetry={list.reload} />}
      <Congresses ready={ready} userId={user.id} />
      <PetitionsEntry />
      {list.loading && !list.data ? (
        <StateView status="loading" />
      ) : list.error && !list.data ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : items.length === 0 ? (
        <>
          <StateView
            id="negotiation-empty"
            status="empty"
            title="你的行业还没有开始协商"
            message="工会发出协商要约后，进展会显示在这里。现在可以先去“议题”里说说你最关心什么。"
            action={
              <Button id="neg-go-topics" type="secondary" onClick={() => Taro.switchTab({ url: '/pages/consultations/index' })}>
                去说说我的意见
              </Button>
            }
          />
          <HowItWorks />
        </>
      ) : (
        <>
          <View className="page-title">协商进展</View>
          <View className="page-lead">工会代表大家和企业协商。纪要公开后，请你打分评价。</View>
          {items.map((n) => (
            <Progress key={n.invitationId} n={n} activeId={activeId} setActive={setChosen} onSaved={onSaved} />
          ))}
        </>
      )}
    </View>
  )
}
