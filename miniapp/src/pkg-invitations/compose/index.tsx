// 发出要约: to whom, on which topics (the workers' ranked results or the catalog), when and where, and the letter.
import { useEffect, useMemo, useState } from 'react'
import { Input, Switch, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { CatalogTopic, Consultation, InvitationScope, Organization } from '@xst/shared-types'
import {
  CONSULTATION_STATUS_LABELS,
  CONTRACT_SCOPES,
  INDUSTRY_LABELS,
  MAX_REPRESENTATIVES_PER_SIDE,
  MIN_REPRESENTATIVES_PER_SIDE,
  ORGANIZATION_TYPE_LABELS,
  SCOPE_LABELS,
} from '@xst/shared-types'
import { getCatalog, getResultsOrHidden, listConsultations } from '../../api/consultations'
import { ApiError } from '../../api/errors'
import { askSubscribe, loadSubscriptions } from '../../api/subscriptions'
import { getInfo } from '../../api/identity'
import { createInvitation, getOrganization, listOrganizations } from '../../api/invitations'
import { getPetition, invitePetition } from '../../api/petitions'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { Chips } from '../../components/Chips'
import { ChoiceRow, Field, TextField } from '../../components/Field'
import { sortedTopics } from '../../components/ResultBars'
import { Sheet } from '../../components/Sheet'
import { Stepper } from '../../components/Stepper'
import { ErrorState, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { type Errors, useFieldErrors } from '../../hooks/useFieldErrors'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { ROUTES, go } from '../../utils/nav'
import { formatDay } from '../../utils/time'
import { INV_ROUTES, MeetingTimeField, TopicAdder, toInstant } from '../ui'
import { defaultLetterBody } from './letter'
import './index.css'
import { pageStyle } from '../../utils/comfort'
import { a11y } from '../../utils/a11y'

const MAX_TOPICS = 30
const TOPIC_CODE = /^[a-z0-9_]{1,40}$/

interface Picked {
  /** Catalog or consultation topic code, when it has one the server accepts. */
  code?: string
  title: string
}

type Source = 'results' | 'catalog'
type SheetKind = 'to' | 'behalf' | 'consultation' | null

function defaultScope(org: Organization): InvitationScope {
  if (org.type === 'association') return 'industry_regional'
  return org.isPlatform ? 'new_employment' : 'enterprise'
}

const LABELS = {
  toOrganizationId: '接收单位',
  onBehalfOfOrganizationId: '委托代行的工会',
  topics: '协商议题',
  proposedAt: '建议协商时间',
  proposedPlace: '建议协商地点',
  body: '要约正文',
  scope: '协商类型',
  representativesPerSide: '协商代表人数',
  chiefRepresentative: '首席代表',
}

function checkInvitation(f: {
  toOrganizationId: string | null
  onBehalf: boolean
  onBehalfOfOrganizationId: string | null
  topics: number
  date: string
  time: string
  body: string
  chiefRepresentative: string
  side: string
}): Errors {
  const e: Errors = {}
  if (!f.toOrganizationId) e.toOrganizationId = f.side === 'union' ? '请选择接收要约的企业或协会' : '请选择接收要约的工会'
  if (f.onBehalf && !f.onBehalfOfOrganizationId) e.onBehalfOfOrganizationId = '请选择委托代行要约的工会'
  if (f.topics === 0) e.topics = '请至少选 1 个协商议题'
  const proposedAt = toInstant(f.date, f.time)
  if (proposedAt && Date.parse(proposedAt) <= Date.now()) e.proposedAt = '建议协商时间应晚于现在'
  if (f.chiefRepresentative.trim().length < 2) e.chiefRepresentative = '请填写我方首席代表的姓名（可加职务）'
  if (!f.body.trim()) e.body = '请填写要约正文'
  return e
}

export default function ComposeInvitation() {
  const user = useSession()
  const userId = user?.id
  useEffect(() => {
    if (userId) void loadSubscriptions()
  }, [userId])
  const side = user?.role === 'enterprise' ? 'enterprise' : 'union'
  const allowed = !!user?.organizationId && (user.role === 'organizer' || user.role === 'enterprise')

  const orgs = useLoad(async () => (await listOrganizations()).items, [user?.id], allowed)
  const own = useLoad(() => getOrganization(user!.organizationId!), [user?.organizationId], allowed)
  const info = useLoad(getInfo, [])
  const catalog = useLoad(getCatalog, [], allowed)
  const consultations = useLoad(() => listConsultations(), [user?.id], allowed && side === 'union')
  // Opened from a workers' petition: addressed to its employer, sent (never a draft), answering the petition.
  const petitionId = useRouter().params.petitionId ?? ''
  const petition = useLoad(() => getPetition(petitionId), [petitionId], allowed && side === 'union' && !!petitionId)

  const [toId, setToId] = useState<string | null>(null)
  const [scope, setScope] = useState<InvitationScope>('new_employment')
  const [onBehalf, setOnBehalf] = useState(false)
  const [behalfId, setBehalfId] = useState<string | null>(null)
  const [source, setSource] = useState<Source>(side === 'union' ? 'results' : 'catalog')
  const [consultationId, setConsultationId] = useState<string | null>(null)
  const [attach, setAttach] = useState(true)
  const [topics, setTopics] = useState<Picked[]>([])
  const [showAllCatalog, setShowAllCatalog] = useState(false)
  const [date, setDate] = useState('')
  const [time, setTime] = useState('')
  const [place, setPlace] = useState('')
  const [representatives, setRepresentatives] = useState(5)
  const [chief, setChief] = useState('')
  const [body, setBody] = useState(() => defaultLetterBody({ side, scope: 'new_employment' }))
  const [bodyEdited, setBodyEdited] = useState(false)
  const [sheet, setSheet] = useState<SheetKind>(null)
  const [search, setSearch] = useState('')
  const checked = {
    toOrganizationId: toId,
    onBehalf,
    onBehalfOfOrganizationId: behalfId,
    topics: topics.length,
    date,
    time,
    body,
    chiefRepresentative: chief,
    side,
  }
  const { errors, check, fromServer } = useFieldErrors(checked, checkInvitation, LABELS)
  const [saving, setSaving] = useState<'draft' | 'send' | null>(null)
  const fromPetition = petition.data ?? null
  useEffect(() => {
    if (!fromPetition) return
    setToId(fromPetition.employer.id)
    if (fromPetition.topics.length)
      setTopics((now) => (now.length ? now : fromPetition.topics.map((t) => ({ code: t.code ?? undefined, title: t.title }))))
  }, [fromPetition])

  const answer = useLoad(() => getResultsOrHidden(consultationId!), [consultationId], !!consultationId)
  const results = { ...answer, data: answer.data?.results?.published ? answer.data.results : undefined }
  const pending = answer.data?.results && !answer.data.results.published ? answer.data.results : null
  // Not published (fewer than k people, or hidden until close): the topics come from the catalog instead.
  const unpublished =
    answer.data?.hidden?.message ??
    (pending ? (pending.reason === 'too_few' ? `不足 ${pending.publication.step} 人，暂不公布。` : '结果暂不公布。') : null)

  const receivers = useMemo(
    () => (orgs.data ?? []).filter((o) => (side === 'union' ? o.type !== 'union' : o.type === 'union' && o.id !== user?.organizationId)),
    [orgs.data, side, user?.organizationId],
  )
  const behalfUnions = useMemo(
    () => (side === 'union' ? (orgs.data ?? []).filter((o) => o.type === 'union' && o.id !== user?.organizationId) : []),
    [orgs.data, side, user?.organizationId],
  )
  const to = receivers.find((o) => o.id === toId) ?? null
  const behalf = behalfUnions.find((o) => o.id === behalfId) ?? null
  const consultation = (consultations.data ?? []).find((c) => c.id === consultationId) ?? null
  const ranked = results.data && results.data.consultationId === consultationId ? sortedTopics(results.data) : []

  // The letter follows the form until the sender edits it by hand.
  const suggestedBody = defaultLetterBody({
    side,
    scope,
    consultation:
      consultation && attach ? { title: consultation.title, ballots: results.data?.ballots ?? consultation.ballots ?? 0 } : null,
  })
  useEffect(() => {
    if (!bodyEdited) setBody(suggestedBody)
  }, [suggestedBody, bodyEdited])

  if (!allowed) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          status="empty"
          title="需要工作账号"
          message="工会工作人员或企业代表登录后，才能发出要约。"
          action={
            <Button id="inv-go-login" onClick={() => go(ROUTES.login)}>
              去登录
            </Button>
          }
        />
      </View>
    )
  }

  const isPicked = (title: string) => topics.some((t) => t.title === title)
  const toggle = (t: Picked) => {
    if (isPicked(t.title)) return setTopics(topics.filter((x) => x.title !== t.title))
    if (topics.length >= MAX_TOPICS) return toast.info(`最多 ${MAX_TOPICS} 个议题`)
    setTopics([...topics, t])
  }
  const pickTop = (n: number) => {
    // Only what workers actually chose: a topic nobody voted for is no "top" topic.
    const top = ranked
      .filter((t) => t.votes > 0)
      .slice(0, n)
      .filter((t) => !isPicked(t.title))
      .map((t) => ({ code: t.code ?? undefined, title: t.title }))
    setTopics([...topics, ...top].slice(0, MAX_TOPICS))
  }
  const customTitles = topics.filter((t) => !t.code && !ranked.some((r) => r.title === t.title)).map((t) => t.title)

  const chooseTo = (id: string) => {
    const org = receivers.find((o) => o.id === id)
    setToId(id)
    if (org && side === 'union') setScope(defaultScope(org))
    setSheet(null)
  }

  const submit = async (draft: boolean) => {
    if (!check(checked)) return
    // 对方答复时通知我: asked inside the tap that sends, before anything is awaited (WeChat's rule).
    if (!draft) void askSubscribe('invitation_reply')
    const proposedAt = toInstant(date, time)
    if (!draft) {
      const days = info.data?.replyDays ?? 20
      const { confirm } = await Taro.showModal({
        title: '发出要约',
        content: `发出后${to!.name}会收到通知，须自收到之日起 ${days} 日内书面答复。确定发出吗？`,
        confirmText: '发出',
        cancelText: '再看看',
      })
      if (!confirm) return
    }
    setSaving(draft ? 'draft' : 'send')
    try {
      const fields = {
        fromOrganizationId: user!.organizationId!,
        scope,
        topics: topics.map((t) => (t.code && TOPIC_CODE.test(t.code) ? { code: t.code, title: t.title } : { title: t.title })),
        consultationId: side === 'union' && consultationId && attach ? consultationId : undefined,
        proposedAt,
        proposedPlace: place.trim() || undefined,
        body: body.trim(),
        representativesPerSide: representatives,
        chiefRepresentative: chief.trim(),
        onBehalfOfOrganizationId: onBehalf && behalfId ? behalfId : undefined,
      }
      const created = fromPetition
        ? await invitePetition(fromPetition.id, fields)
        : await createInvitation({ ...fields, toOrganizationId: toId!, draft })
      toast.success(draft ? '已存为草稿' : '已发出')
      setTimeout(() => Taro.redirectTo({ url: INV_ROUTES.detail(created.id) }), 600)
    } catch (err) {
      if (err instanceof ApiError && err.fields.length) fromServer(err.fields, (f) => f.split(/[.[]/)[0])
      toast.error(err)
    } finally {
      setSaving(null)
    }
  }

  const q = search.trim()
  const sheetOrgs = (sheet === 'behalf' ? behalfUnions : receivers).filter((o) => !q || o.name.includes(q))
  const orgLabel = (o: Organization) => `${o.name}（${o.isPlatform ? '平台企业' : ORGANIZATION_TYPE_LABELS[o.type]}）`
  const catalogShown = (catalog.data ?? []).filter(
    (t: CatalogTopic) => showAllCatalog || (scope === 'new_employment' ? t.group === 'new_employment' : t.group !== 'new_employment'),
  )

  return (
    <View className="page inv-compose-page" style={pageStyle()}>
      {fromPetition && (
        <View className="inv-petition-note" id="inv-from-petition">
          回应职工联署：{INDUSTRY_LABELS[fromPetition.industry]}联署向{fromPetition.employer.name}要约
          {fromPetition.dueLastDay ? `，应在 ${formatDay(fromPetition.dueLastDay)} 24时前发出` : ''}
        </View>
      )}
      <View className="page-lead">
        {side === 'union'
          ? `以${own.data?.name ?? '本单位'}的名义，向企业或行业协会提出集体协商。`
          : `以${own.data?.name ?? '本企业'}的名义，向工会提出集体协商。`}
      </View>

      <ChoiceRow
        id="inv-to"
        label={side === 'union' ? '接收单位（企业或行业协会）' : '接收单位（工会）'}
        value={to ? orgLabel(to) : ''}
        placeholder={orgs.loading && !orgs.data ? '正在加载…' : '点这里选择'}
        onClick={() => {
          if (fromPetition) return // the petition names the employer
          setSearch('')
          setSheet('to')
        }}
        error={errors.toOrganizationId}
      />

      <Field label="协商类型" error={errors.scope}>
        <Chips
          idPrefix="inv-scope"
          options={CONTRACT_SCOPES.map((s) => ({ value: s, label: SCOPE_LABELS[s] }))}
          selected={[scope]}
          onToggle={setScope}
        />
      </Field>

      {side === 'union' && behalfUnions.length > 0 && (
        <Field
          label="代行要约"
          hint={onBehalf ? '上级工会代基层工会发出，要约书上会写明代谁发出。' : undefined}
          error={errors.onBehalfOfOrganizationId}
        >
          <View className="inv-switch-row">
            <View className="grow">代下级工会发出</View>
            <Switch id="inv-behalf-switch" checked={onBehalf} color="#b3261e" onChange={(e) => setOnBehalf(e.detail.value)} />
          </View>
          {onBehalf && (
            <View className="inv-behalf-pick">
              <ChoiceRow
                id="inv-behalf"
                label="代哪个工会发出"
                value={behalf?.name}
                placeholder="选择工会"
                onClick={() => {
                  setSearch('')
                  setSheet('behalf')
                }}
              />
            </View>
          )}
        </Field>
      )}

      <Field label={`协商议题（已选 ${topics.length} 个）`} error={errors.topics}>
        {topics.length > 0 && (
          <View className="inv-picked" id="inv-picked">
            {topics.map((t, i) => (
              <View key={t.title} className="inv-picked-item">
                <View className="grow">
                  {i + 1}. {t.title}
                </View>
                <View
                  className="inv-picked-remove"
                  hoverClass="inv-check-hover"
                  onClick={() => setTopics(topics.filter((x) => x.title !== t.title))}
                >
                  移除
                </View>
              </View>
            ))}
          </View>
        )}
        {side === 'union' && (
          <View className="inv-source">
            <Chips
              idPrefix="inv-source"
              options={[
                { value: 'results', label: '从职工意见选' },
                { value: 'catalog', label: '从标准议题选' },
              ]}
              selected={[source]}
              onToggle={(v) => setSource(v as Source)}
            />
          </View>
        )}

        {source === 'results' && side === 'union' ? (
          <Card className="inv-results">
            <ChoiceRow
              id="inv-consultation"
              label="意见征集"
              value={consultation?.title}
              placeholder={consultations.loading && !consultations.data ? '正在加载…' : '选择一次意见征集'}
              onClick={() => setSheet('consultation')}
            />
            {!consultationId ? (
              <View className="muted">选一次意见征集，按职工投票多少排列议题，点选要写进要约的。</View>
            ) : unpublished ? (
              <StateView status="empty" id="inv-results-unpublished" title="结果暂不公布" message={`${unpublished}可以从标准议题选。`} />
            ) : results.loading && ranked.length === 0 ? (
              <StateView status="loading" />
            ) : results.error && ranked.length === 0 ? (
              <ErrorState error={results.error} onRetry={results.reload} />
            ) : ranked.length === 0 || results.data?.ballots === 0 ? (
              <StateView status="empty" title="还没有人投票" message="这次征集还没有收到职工意见。可以换一次征集，或从标准议题选。" />
            ) : (
              <View id="inv-ranked">
                <View className="row-between inv-ranked-head">
                  <View className="muted">
                    共 {results.data!.ballots} 份意见，按{results.data!.mode === 'ranking' ? '得分' : '票数'}排列
                  </View>
                  <View {...a11y('button')} className="inv-link" id="inv-pick-top" onClick={() => pickTop(3)}>
                    选前 3 项
                  </View>
                </View>
                {ranked.map((t, i) => (
                  <View
                    key={t.topicId}
                    className="inv-check-row inv-ranked-topic"
                    hoverClass="inv-check-hover"
                    onClick={() => toggle({ code: t.code ?? undefined, title: t.title })}
                  >
                    <View className={`inv-box ${isPicked(t.title) ? 'inv-box-on' : ''}`}>{isPicked(t.title) ? '✓' : ''}</View>
                    <View className="grow">
                      <View className="inv-check-title">
                        {i + 1}. {t.title}
                      </View>
                      <View className="muted">
                        {results.data!.mode === 'ranking'
                          ? `${t.points ?? 0} 分 · ${t.votes} 人排入`
                          : `${t.votes} 票 · ${Math.round(t.share * 100)}%`}
                      </View>
                    </View>
                  </View>
                ))}
                <View className="inv-switch-row inv-attach">
                  <View className="grow">附上职工意见汇总，让对方看到</View>
                  <Switch id="inv-attach" checked={attach} color="#b3261e" onChange={(e) => setAttach(e.detail.value)} />
                </View>
              </View>
            )}
          </Card>
        ) : (
          <Card className="inv-catalog">
            {catalog.loading && !catalog.data ? (
              <StateView status="loading" />
            ) : catalog.error && !catalog.data ? (
              <ErrorState error={catalog.error} onRetry={catalog.reload} />
            ) : (
              <View>
                {catalogShown.map((t) => (
                  <View
                    key={t.code}
                    id={`inv-catalog-${t.code}`}
                    className="inv-check-row inv-catalog-topic"
                    hoverClass="inv-check-hover"
                    onClick={() => toggle({ code: t.code, title: t.title })}
                  >
                    <View className={`inv-box ${isPicked(t.title) ? 'inv-box-on' : ''}`}>{isPicked(t.title) ? '✓' : ''}</View>
                    <View className="grow">
                      <View className="inv-check-title">{t.title}</View>
                      <View className="muted">{t.description}</View>
                    </View>
                  </View>
                ))}
                <View
                  {...a11y('button')}
                  className="inv-link inv-more"
                  id="inv-catalog-more"
                  onClick={() => setShowAllCatalog(!showAllCatalog)}
                >
                  {showAllCatalog ? '只看和协商类型相关的议题' : '显示全部标准议题'}
                </View>
              </View>
            )}
          </Card>
        )}
        <View className="inv-custom">
          <TopicAdder
            label="添加其他议题"
            idPrefix="inv-custom"
            showTags={false}
            max={MAX_TOPICS - (topics.length - customTitles.length)}
            topics={customTitles}
            onChange={(titles) =>
              setTopics([...topics.filter((t) => !customTitles.includes(t.title)), ...titles.map((title) => ({ title }))])
            }
          />
        </View>
      </Field>

      <MeetingTimeField
        label="建议协商时间（选填）"
        idPrefix="inv-when"
        date={date}
        time={time}
        onChange={(d, t) => {
          setDate(d)
          setTime(t)
        }}
        hint={date ? undefined : '不选就写“双方另行商定”'}
        error={errors.proposedAt}
      />
      <TextField
        id="inv-place"
        label="建议协商地点（选填）"
        value={place}
        onChange={setPlace}
        maxlength={100}
        placeholder={side === 'union' ? '例如：市总工会三楼会议室' : '例如：公司二楼会议室'}
        error={errors.proposedPlace}
      />

      <Field
        label="我方协商代表人数（每方）"
        hint={`双方人数相等，每方不少于 ${MIN_REPRESENTATIVES_PER_SIDE} 人。要约书会请对方确定同样人数。`}
        error={errors.representativesPerSide}
      >
        <Stepper
          id="inv-representatives"
          value={representatives}
          min={MIN_REPRESENTATIVES_PER_SIDE}
          max={MAX_REPRESENTATIVES_PER_SIDE}
          onChange={setRepresentatives}
        />
      </Field>
      <TextField
        id="inv-chief"
        label="我方首席代表"
        value={chief}
        onChange={setChief}
        maxlength={40}
        placeholder={side === 'union' ? '例如：王建国（工会主席）' : '例如：李明（公司副总经理）'}
        hint="写在要约书上，并留首席代表签字处。"
        error={errors.chiefRepresentative}
      />

      <TextField
        id="inv-body"
        label="要约正文"
        value={body}
        multiline
        maxlength={5000}
        error={errors.body}
        onChange={(v) => {
          setBody(v)
          setBodyEdited(true)
        }}
        hint="要约书会自动写上双方单位、议题、时间地点、协商代表和答复期限。这里写协商的理由和需要对方提供的材料。"
      />
      {bodyEdited && body !== suggestedBody && (
        <View
          className="inv-link"
          id="inv-body-reset"
          onClick={() => {
            setBodyEdited(false)
            setBody(suggestedBody)
          }}
        >
          恢复默认正文
        </View>
      )}

      <View className="muted inv-deadline-note">
        发出后开始计时：对方须在 {info.data?.replyDays ?? 20} 日内书面答复，无正当理由不得拒绝。
      </View>

      <View className="bottom-bar-spacer" />
      <View className="bottom-bar inv-compose-bar">
        <View className={fromPetition ? 'inv-draft-btn inv-hidden' : 'inv-draft-btn'}>
          <Button
            id="inv-save-draft"
            type="secondary"
            loading={saving === 'draft'}
            loadingText="保存中…"
            disabled={!!saving}
            onClick={() => submit(true)}
          >
            存草稿
          </Button>
        </View>
        <View className="grow">
          <Button id="inv-send" loading={saving === 'send'} loadingText="正在发出…" disabled={!!saving} onClick={() => submit(false)}>
            发出要约
          </Button>
        </View>
      </View>

      <Sheet
        id="inv-org-sheet"
        open={sheet === 'to' || sheet === 'behalf'}
        title={sheet === 'behalf' ? '选择委托的工会' : side === 'union' ? '选择企业或行业协会' : '选择工会'}
        onClose={() => setSheet(null)}
        options={orgs.data ? sheetOrgs.map((o) => ({ value: o.id, label: orgLabel(o) })) : undefined}
        selected={(sheet === 'behalf' ? behalfId : toId) ?? undefined}
        optionClassName="inv-org-option"
        onSelect={(id) => {
          if (sheet !== 'behalf') return chooseTo(id)
          setBehalfId(id)
          setSheet(null)
        }}
        header={
          orgs.data && (sheet === 'behalf' ? behalfUnions : receivers).length > 6 ? (
            <View className="inv-search">
              <Input
                id="inv-org-search"
                className="xfield-input"
                value={search}
                placeholder="输入名称查找"
                onInput={(e) => setSearch(e.detail.value)}
              />
            </View>
          ) : undefined
        }
      >
        {orgs.loading && !orgs.data && <StateView status="loading" />}
        {!!orgs.error && !orgs.data && <ErrorState error={orgs.error} onRetry={orgs.reload} />}
        {orgs.data && sheetOrgs.length === 0 && (
          <StateView
            status="empty"
            title={q ? '没有找到' : '没有可选的单位'}
            message={
              q
                ? '换个关键字试试。'
                : side === 'union'
                  ? '你所辖地区还没有登记企业或行业协会。请先请管理员登记。'
                  : '附近还没有登记的工会。请联系当地工会。'
            }
          />
        )}
      </Sheet>

      <Sheet
        id="inv-consultation-sheet"
        open={sheet === 'consultation'}
        title="选择意见征集"
        onClose={() => setSheet(null)}
        options={consultations.data?.map((c: Consultation) => ({
          value: c.id,
          label: `${c.title}（${CONSULTATION_STATUS_LABELS[c.status]} · ${c.ballots ?? 0} 份意见）`,
        }))}
        selected={consultationId ?? undefined}
        optionClassName="inv-consultation-option"
        onSelect={(id) => {
          setConsultationId(id)
          setAttach(true)
          setSheet(null)
        }}
      >
        {consultations.loading && !consultations.data && <StateView status="loading" />}
        {!!consultations.error && !consultations.data && <ErrorState error={consultations.error} onRetry={consultations.reload} />}
        {consultations.data && consultations.data.length === 0 && (
          <StateView status="empty" title="还没有意见征集" message="先发起一次意见征集，听听职工最关心什么；也可以从标准议题选。" />
        )}
      </Sheet>
    </View>
  )
}
