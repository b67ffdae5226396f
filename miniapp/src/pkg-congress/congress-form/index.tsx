// 召开职代会: the extended congress of everyone on the verified roll of the draft's scope, opening now or at a set
// hour, for a set time, with an optional venue where officers check members in.
import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { createCongress } from '../../api/congress'
import { ApiError } from '../../api/errors'
import { Button } from '../../components/Button'
import { Chips } from '../../components/Chips'
import { TextField } from '../../components/Field'
import { StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useSession } from '../../hooks/useSession'
import { formatDateTime } from '../../utils/time'
import { CONGRESS_ROUTES } from '../routes'
import '../styles.css'
import { pageStyle } from '../../utils/comfort'

const HOUR = 3600_000
type Start = 'now' | 'hour' | 'tomorrow'
const STARTS: { value: Start; label: string }[] = [
  { value: 'now', label: '现在开始' },
  { value: 'hour', label: '1 小时后' },
  { value: 'tomorrow', label: '明天 9 点' },
]
type Length = '2h' | '1d' | '3d' | '7d'
const LENGTHS: { value: Length; label: string; ms: number }[] = [
  { value: '2h', label: '2 小时', ms: 2 * HOUR },
  { value: '1d', label: '1 天', ms: 24 * HOUR },
  { value: '3d', label: '3 天', ms: 72 * HOUR },
  { value: '7d', label: '7 天', ms: 168 * HOUR },
]

function startAt(s: Start, now: number): number {
  if (s === 'now') return now
  if (s === 'hour') return now + HOUR
  // 9:00 Asia/Shanghai tomorrow.
  const day = new Date(now + 8 * HOUR + 24 * HOUR).toISOString().slice(0, 10)
  return Date.parse(`${day}T09:00:00+08:00`)
}

export default function CongressFormPage() {
  const user = useSession()
  const { params } = useRouter()
  const draftId = params.draftId ?? ''
  const [title, setTitle] = useState('')
  const [start, setStart] = useState<Start>('now')
  const [length, setLength] = useState<Length>('1d')
  const [venue, setVenue] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)

  if (user?.role !== 'organizer')
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="需要工会工作人员账号" />
      </View>
    )

  const now = Date.now()
  const opens = startAt(start, now)
  const closes = opens + LENGTHS.find((l) => l.value === length)!.ms
  const submit = async () => {
    const e: Record<string, string> = {}
    if (title.trim().length < 2) e.title = '请填写会议名称（至少 2 个字）'
    if (venue.trim() && venue.trim().length < 2) e.venue = '会场名称至少 2 个字'
    setErrors(e)
    if (Object.keys(e).length) return
    setSaving(true)
    try {
      const c = await createCongress({
        draftId,
        title: title.trim(),
        electorate: 'roll',
        opensAt: new Date(opens).toISOString(),
        closesAt: new Date(closes).toISOString(),
        ...(venue.trim() ? { venue: venue.trim() } : {}),
      })
      toast.success('职代会已召开')
      Taro.redirectTo({ url: CONGRESS_ROUTES.congress(c.id) })
    } catch (err) {
      if (err instanceof ApiError && !err.isNetwork)
        setErrors({ ...Object.fromEntries(err.fields.map((f) => [f.field, f.message])), form: err.message })
      else toast.error(err)
    } finally {
      setSaving(false)
    }
  }
  return (
    <View className="page" style={pageStyle()}>
      <View className="page-title">召开职工代表大会（扩大会议）</View>
      <View className="pc-note">参会的是本地区、本行业已核验名册上的全体职工。到会满三分之二、赞成超过全体半数，草案才通过。</View>
      <TextField
        id="cf-title"
        label="会议名称"
        value={title}
        onChange={setTitle}
        error={errors.title}
        placeholder="例如 2025年外卖骑手职工代表大会"
      />
      <View className="section-title">什么时候开始</View>
      <Chips options={STARTS} selected={[start]} onToggle={setStart} idPrefix="cf-start" />
      <View className="section-title">表决多长时间</View>
      <Chips options={LENGTHS} selected={[length]} onToggle={setLength} idPrefix="cf-length" />
      <View className="muted" id="cf-times">
        {formatDateTime(new Date(opens).toISOString())} 开始，{formatDateTime(new Date(closes).toISOString())} 结束
      </View>
      <View className="pc-gap" />
      <TextField
        id="cf-venue"
        label="现场会场（选填）"
        value={venue}
        onChange={setVenue}
        error={errors.venue}
        hint="设了会场，工作人员可以在现场为到会职工签到"
        placeholder="例如 成都市总工会大礼堂"
      />
      {(errors.form || errors.electorate || errors.industry) && (
        <View className="error-text">{errors.electorate ?? errors.industry ?? errors.form}</View>
      )}
      <Button id="cf-submit" loading={saving} loadingText="正在召开…" onClick={() => void submit()}>
        召开职代会
      </Button>
    </View>
  )
}
