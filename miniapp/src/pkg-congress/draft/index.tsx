// 合同草案: written from a session's agreed outcome (?sessionId=), or one draft (?id=) with its versions, the
// differences between the last two, a new version, publication for comment, and calling the congress.
import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { CONTRACT_KIND_LABELS, CONTRACT_KINDS, type ContractKind, type Draft } from '@xst/shared-types'
import { addDraftVersion, createDraft, diffDraft, getDraft, publishDraft } from '../../api/congress'
import { ApiError } from '../../api/errors'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { Chips } from '../../components/Chips'
import { TextField } from '../../components/Field'
import { ErrorState, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { formatDateTime } from '../../utils/time'
import { CONGRESS_ROUTES } from '../routes'
import '../styles.css'
import { pageStyle } from '../../utils/comfort'

const KIND_OPTIONS = CONTRACT_KINDS.map((k) => ({ value: k, label: CONTRACT_KIND_LABELS[k] }))
const fieldErrors = (e: ApiError) => Object.fromEntries(e.fields.map((f) => [f.field, f.message]))

function NewDraft({ sessionId }: { sessionId: string }) {
  const [kind, setKind] = useState<ContractKind>('comprehensive')
  const [title, setTitle] = useState('')
  const [summary, setSummary] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)
  const submit = async () => {
    const e: Record<string, string> = {}
    if (title.trim().length < 2) e.title = '请填写草案名称（至少 2 个字）'
    if (summary.trim().length < 5) e.summary = '请用大白话写几句：草案给职工带来什么（至少 5 个字）'
    setErrors(e)
    if (Object.keys(e).length) return
    setSaving(true)
    try {
      const d = await createDraft({ sessionId, kind, title: title.trim(), summary: summary.trim() })
      toast.success('草案已生成')
      Taro.redirectTo({ url: CONGRESS_ROUTES.draft(d.id) })
    } catch (err) {
      if (err instanceof ApiError && !err.isNetwork) setErrors({ ...fieldErrors(err), form: err.message })
      else toast.error(err)
    } finally {
      setSaving(false)
    }
  }
  return (
    <View className="page" style={pageStyle()}>
      <View className="page-title">起草合同草案</View>
      <View className="page-lead">草案正文按这次会议“已达成一致”的议题生成，生成后可以修改。</View>
      <View className="section-title">合同种类</View>
      <Chips options={KIND_OPTIONS} selected={[kind]} onToggle={setKind} idPrefix="dr-kind" />
      <TextField
        id="dr-title"
        label="草案名称"
        value={title}
        onChange={setTitle}
        maxlength={200}
        error={errors.title}
        placeholder="例如 2025年外卖骑手权益保障集体合同"
      />
      <TextField
        id="dr-summary"
        label="给职工看的通俗说明"
        value={summary}
        onChange={setSummary}
        maxlength={1000}
        multiline
        error={errors.summary}
        placeholder="用大白话说：改了什么、对骑手有什么好处"
      />
      {errors.form && <View className="error-text">{errors.form}</View>}
      <Button id="dr-create" loading={saving} loadingText="正在生成…" onClick={() => void submit()}>
        生成草案
      </Button>
    </View>
  )
}

function NewVersion({ d, onSaved }: { d: Draft; onSaved: (d: Draft) => void }) {
  const [text, setText] = useState(d.current.text)
  const [summary, setSummary] = useState(d.current.summary)
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)
  const submit = async () => {
    const e: Record<string, string> = {}
    if (note.trim().length < 2) e.note = '请说明这一稿改了什么'
    setErrors(e)
    if (Object.keys(e).length) return
    setSaving(true)
    try {
      onSaved(await addDraftVersion(d.id, { text: text.trim(), summary: summary.trim(), note: note.trim() }))
      toast.success('已保存为新一稿')
    } catch (err) {
      if (err instanceof ApiError && !err.isNetwork) setErrors({ ...fieldErrors(err), form: err.message })
      else toast.error(err)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Card title={`修改为第 ${d.current.version + 1} 稿`}>
      <TextField id="dv-text" label="草案正文" value={text} onChange={setText} multiline maxlength={50000} error={errors.text} />
      <TextField id="dv-summary" label="通俗说明" value={summary} onChange={setSummary} multiline maxlength={1000} error={errors.summary} />
      <TextField
        id="dv-note"
        label="这一稿改了什么"
        value={note}
        onChange={setNote}
        maxlength={500}
        error={errors.note}
        placeholder="例如 采纳骑手意见，提高补贴"
      />
      {errors.form && <View className="error-text">{errors.form}</View>}
      <Button id="dv-save" type="secondary" loading={saving} loadingText="正在保存…" onClick={() => void submit()}>
        保存为新一稿
      </Button>
    </Card>
  )
}

function Diff({ d }: { d: Draft }) {
  const to = d.current.version
  const diff = useLoad(() => diffDraft(d.id, to - 1, to), [d.id, to], to > 1)
  if (to < 2) return null
  return (
    <Card title={`第 ${to - 1} 稿 → 第 ${to} 稿 改动`}>
      {diff.loading && !diff.data ? (
        <StateView status="loading" />
      ) : diff.error && !diff.data ? (
        <ErrorState error={diff.error} onRetry={diff.reload} />
      ) : diff.data ? (
        <>
          <View className="muted" id="dr-diff-size">
            增加 {diff.data.added} 字，删除 {diff.data.removed} 字（绿色为增加，红色划线为删除）
          </View>
          <View className="pc-diff" id="dr-diff">
            {diff.data.parts.map((p, i) => (
              <View
                // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one difference are never reordered
                key={i}
                className={p.op === 'added' ? 'pc-added' : p.op === 'removed' ? 'pc-removed' : ''}
                style={{ display: 'inline' }}
              >
                {p.text}
              </View>
            ))}
          </View>
        </>
      ) : null}
    </Card>
  )
}

export default function DraftPage() {
  const user = useSession()
  const { params } = useRouter()
  const id = params.id ?? ''
  const staff = !!user && (user.role === 'organizer' || user.role === 'admin')
  const draft = useLoad(() => getDraft(id), [id], staff && !!id)
  const [current, setCurrent] = useState<Draft | null>(null)
  const [editing, setEditing] = useState(false)
  const [publishing, setPublishing] = useState(false)

  if (!staff)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="需要工会工作人员账号" />
      </View>
    )
  if (params.sessionId) return <NewDraft sessionId={params.sessionId} />
  if (draft.loading && !draft.data)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="loading" />
      </View>
    )
  if (draft.error && !draft.data)
    return (
      <View className="page" style={pageStyle()}>
        <ErrorState error={draft.error} onRetry={draft.reload} />
      </View>
    )
  const d = current && current.id === draft.data?.id && current.current.version >= (draft.data?.current.version ?? 0) ? current : draft.data
  if (!d)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="找不到这份草案" />
      </View>
    )

  const organizer = user.role === 'organizer'
  const publish = async () => {
    const { confirm } = await Taro.showModal({
      title: '公开征求意见',
      content: `把第 ${d.current.version} 稿公开给所涉及的职工，他们可以在“协商”里看到并提意见。`,
      confirmText: '公开',
      cancelText: '再看看',
    })
    if (!confirm) return
    setPublishing(true)
    try {
      setCurrent(await publishDraft(d.id))
      toast.success('已公开')
    } catch (e) {
      toast.error(e)
    } finally {
      setPublishing(false)
    }
  }
  const published = d.publishedVersion === d.current.version
  return (
    <View className="page" style={pageStyle()}>
      <View className="page-title">{d.title}</View>
      <View className="page-lead">
        {CONTRACT_KIND_LABELS[d.kind]} · 第 {d.current.version} 稿 · {d.parties.map((p) => p.name).join('、')}
      </View>
      <View id="dr-clock" className={`pc-note ${d.publishedAt ? 'pc-ok' : d.publishOverdue ? 'pc-warn' : ''}`}>
        {d.publishedAt
          ? `第 ${d.publishedVersion} 稿已于 ${formatDateTime(d.publishedAt)} 公开征求意见，收到 ${d.comments} 条意见`
          : `请在 ${d.publishDueOn} 前公开给职工征求意见（会议后 10 日内）${d.publishOverdue ? '，已过期限' : ''}`}
      </View>
      <Card title="通俗说明">
        <View className="pc-text" id="dr-summary-text">
          {d.current.summary}
        </View>
      </Card>
      <Card title="草案正文">
        <View className="pc-text" id="dr-text">
          {d.current.text}
        </View>
      </Card>
      <Diff d={d} />
      <Card title="历次修改">
        {d.versions.map((v) => (
          <View key={v.version} className="pc-kv">
            <View className="pc-k">第 {v.version} 稿</View>
            <View className="pc-v">
              {formatDateTime(v.createdAt)} {v.note ?? '（初稿）'}
            </View>
          </View>
        ))}
      </Card>
      {organizer && !d.congressId && (
        <>
          {!editing ? (
            <Button id="dr-edit" type="secondary" onClick={() => setEditing(true)}>
              修改草案
            </Button>
          ) : (
            <NewVersion
              d={d}
              onSaved={(next) => {
                setCurrent(next)
                setEditing(false)
              }}
            />
          )}
          <View className="pc-gap" />
          {!published && (
            <Button id="dr-publish" type="secondary" loading={publishing} loadingText="正在公开…" onClick={() => void publish()}>
              公开征求职工意见
            </Button>
          )}
          <View className="pc-gap" />
          <Button id="dr-call" disabled={!d.publishedAt} onClick={() => Taro.navigateTo({ url: CONGRESS_ROUTES.call(d.id) })}>
            {d.publishedAt ? '提交职工代表大会表决' : '公开征求意见后才能提交职代会'}
          </Button>
        </>
      )}
      {d.congressId && (
        <Button id="dr-congress" onClick={() => Taro.navigateTo({ url: CONGRESS_ROUTES.congress(d.congressId!) })}>
          查看职代会
        </Button>
      )}
    </View>
  )
}
