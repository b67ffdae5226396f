// 核验名册 for organizers and admins: how many workers are verified, by scope and method (never who, never a
// ballot); sheets of one-time codes to print and hand out, revocable; rosters of phone numbers to upload (kept only
// as keyed hashes on the server).
import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { INDUSTRIES, INDUSTRY_LABELS, type CodeBatch, type Industry, type Roster, type RosterUploadResult } from '@xst/shared-types'
import { IS_WEAPP } from '../../api/client'
import { ApiError } from '../../api/errors'
import { createCodeBatch, downloadCodeSheet, getRollSummary, listCodeBatches, listRosters, revokeCodes, uploadRoster } from '../../api/roll'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { Chips } from '../../components/Chips'
import { Field, TextField } from '../../components/Field'
import { RegionPicker } from '../../components/RegionPicker'
import { ErrorState, StaleBanner, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { ROUTES, go } from '../../utils/nav'
import { formatDateTime } from '../../utils/time'
import './index.css'
import { pageStyle } from '../../utils/comfort'

const DAY = 86400_000
const INDUSTRY_OPTIONS = INDUSTRIES.map((i) => ({ value: i, label: INDUSTRY_LABELS[i] }))
const scopeText = (x: { industry: Industry; regionName: string; platformName: string | null }) =>
  `${INDUSTRY_LABELS[x.industry]} · ${x.regionName}${x.platformName ? ` · ${x.platformName}` : ''}`

/** A file the organizer picks: WeChat from a chat (chooseMessageFile), the browser from a file input. */
async function pickRosterFile(): Promise<{ path: string; name: string } | null> {
  if (process.env.TARO_ENV === 'weapp') {
    try {
      const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['csv', 'xlsx'] })
      const f = res.tempFiles[0]
      return f ? { path: f.path, name: f.name } : null
    } catch {
      return null
    }
  }
  if (process.env.TARO_ENV !== 'h5') return null
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    input.style.display = 'none'
    input.id = 'roster-file-input'
    input.onchange = () => {
      const f = input.files?.[0]
      input.remove()
      resolve(f ? { path: URL.createObjectURL(f), name: f.name } : null)
    }
    document.body.appendChild(input)
    input.click()
  })
}

function ScopeFields(props: {
  prefix: string
  industry: Industry
  setIndustry: (i: Industry) => void
  regionCode: string | null
  setRegionCode: (c: string) => void
  errors: Record<string, string | undefined>
}) {
  return (
    <>
      <Field label="行业" error={props.errors.industry}>
        <Chips options={INDUSTRY_OPTIONS} selected={[props.industry]} onToggle={props.setIndustry} idPrefix={`${props.prefix}-industry`} />
      </Field>
      <RegionPicker
        id={`${props.prefix}-region`}
        label="地区"
        value={props.regionCode}
        onChange={(c) => props.setRegionCode(c)}
        error={props.errors.regionCode}
        hint="核验过的劳动者算在这个地区和它的上级地区"
      />
    </>
  )
}

export default function OrganizerRoll() {
  const user = useSession()
  const staff = user?.role === 'organizer' || user?.role === 'admin'
  const summary = useLoad(getRollSummary, [user?.id], staff)
  const batches = useLoad(listCodeBatches, [user?.id], staff)
  const rosters = useLoad(listRosters, [user?.id], staff)

  const [codeLabel, setCodeLabel] = useState('')
  const [codeIndustry, setCodeIndustry] = useState<Industry>('rider')
  const [pickedCodeRegion, setCodeRegion] = useState<string | null>(null)
  const [count, setCount] = useState('50')
  const [days, setDays] = useState('30')
  const [codeErrors, setCodeErrors] = useState<Record<string, string | undefined>>({})
  const [rosterLabel, setRosterLabel] = useState('')
  const [rosterIndustry, setRosterIndustry] = useState<Industry>('rider')
  const [pickedRosterRegion, setRosterRegion] = useState<string | null>(null)
  const [rosterErrors, setRosterErrors] = useState<Record<string, string | undefined>>({})
  const [lastUpload, setLastUpload] = useState<RosterUploadResult | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  // The staff member's own region until they pick another (the session may arrive after the first render).
  const codeRegion = pickedCodeRegion ?? user?.regionCode ?? null
  const rosterRegion = pickedRosterRegion ?? user?.regionCode ?? null

  if (!user || !staff) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          id="roll-signed-out"
          status="empty"
          title="需要工会工作账号"
          message="核验名册由工会和总工会的工作人员管理。"
          action={
            user ? undefined : (
              <Button id="roll-go-login" onClick={() => go(ROUTES.login)}>
                去登录
              </Button>
            )
          }
        />
      </View>
    )
  }

  const fieldErrorsOf = (e: unknown) =>
    e instanceof ApiError && e.fields.length ? Object.fromEntries(e.fields.map((f) => [f.field, f.message])) : null

  const generate = async () => {
    const errors: Record<string, string> = {}
    const n = Number(count)
    const d = Number(days)
    if (!codeLabel.trim()) errors.label = '请写上用在哪里，例如 锦江区骑手驿站 恳谈会'
    if (!codeRegion) errors.regionCode = '请选择地区'
    if (!Number.isInteger(n) || n < 1 || n > 500) errors.count = '一次可以生成 1 到 500 个'
    if (!Number.isInteger(d) || d < 1 || d > 180) errors.expiresAt = '有效天数为 1 到 180 天'
    setCodeErrors(errors)
    if (Object.keys(errors).length) return
    setBusy('generate')
    try {
      const b = await createCodeBatch({
        label: codeLabel.trim(),
        industry: codeIndustry,
        regionCode: codeRegion!,
        count: n,
        expiresAt: new Date(Date.now() + d * DAY).toISOString(),
      })
      setCodeLabel('')
      toast.success(`已生成 ${b.count} 个核验码`)
      batches.reload()
    } catch (e) {
      const fields = fieldErrorsOf(e)
      if (fields) setCodeErrors(fields)
      toast.error(e)
    } finally {
      setBusy(null)
    }
  }

  const download = async (b: CodeBatch) => {
    setBusy(`download-${b.id}`)
    try {
      await downloadCodeSheet(b)
    } catch (e) {
      toast.error(e)
    } finally {
      setBusy(null)
    }
  }

  const revoke = async (b: CodeBatch) => {
    const { confirm } = await Taro.showModal({
      title: '作废未用的核验码',
      content: `“${b.label}”还没用的 ${b.usable} 个码将不能再用，已经核验的人不受影响。`,
      confirmText: '作废',
      cancelText: '取消',
    })
    if (!confirm) return
    setBusy(`revoke-${b.id}`)
    try {
      await revokeCodes(b.id)
      toast.success('已作废')
      batches.reload()
    } catch (e) {
      toast.error(e)
    } finally {
      setBusy(null)
    }
  }

  const upload = async () => {
    const errors: Record<string, string> = {}
    if (!rosterLabel.trim()) errors.label = '请写上名单的来源，例如 平台提供的站点骑手名单'
    if (!rosterRegion) errors.regionCode = '请选择地区'
    setRosterErrors(errors)
    if (Object.keys(errors).length) return
    const file = await pickRosterFile()
    if (!file) return
    setBusy('upload')
    try {
      const res = await uploadRoster(file.path, file.name, {
        label: rosterLabel.trim(),
        industry: rosterIndustry,
        regionCode: rosterRegion!,
      })
      setLastUpload(res)
      setRosterLabel('')
      toast.success(`已上传 ${res.roster.entries} 个手机号`)
      rosters.reload()
    } catch (e) {
      const fields = fieldErrorsOf(e)
      if (fields) setRosterErrors(fields)
      toast.error(e)
    } finally {
      setBusy(null)
    }
  }

  const s = summary.data
  const batchList = batches.data ?? []
  const rosterList: Roster[] = rosters.data ?? []
  return (
    <View className="page" style={pageStyle()}>
      <View className="page-title">核验名册</View>
      <View className="page-lead">
        只限已核验的意见征集，只请名册上的劳动者参加，参与率也按名册人数算。这里只有人数，看不到是谁，也看不到任何人的选择。
      </View>

      <StaleBanner error={s ? summary.error : null} onRetry={summary.reload} />
      <Card title="已核验人数" id="roll-summary">
        {summary.loading && !s ? (
          <StateView status="loading" />
        ) : summary.error && !s ? (
          <ErrorState error={summary.error} onRetry={summary.reload} />
        ) : s ? (
          <View>
            <View className="rl-total" id="roll-total">
              {s.total}
            </View>
            <View className="muted">{s.regionName}，各行业合计（人）</View>
            {s.groups.length === 0 ? (
              <View className="muted rl-group rl-group-last" id="roll-empty">
                还没有人核验。发核验码或上传名单后，劳动者在“我的 → 身份核验”里核验。
              </View>
            ) : (
              s.groups.map((g, i) => (
                <View
                  key={`${g.industry}-${g.regionCode}-${g.platformOrgId}`}
                  className={`rl-group ${i === s.groups.length - 1 ? 'rl-group-last' : ''}`}
                >
                  <View className="rl-scope">{scopeText(g)}</View>
                  <View className="muted rl-counts" id={`roll-group-${g.industry}-${g.regionCode}`}>
                    共 {g.total} 人 · 核验码 {g.byCode} · 名单手机号 {g.byRoster}
                  </View>
                </View>
              ))
            )}
          </View>
        ) : null}
      </Card>

      <View className="section-title">发核验码</View>
      <Card id="roll-new-codes">
        <TextField
          id="rc-label"
          label="用在哪里"
          value={codeLabel}
          onChange={setCodeLabel}
          placeholder="例如 锦江区骑手驿站 恳谈会"
          maxlength={60}
          error={codeErrors.label}
        />
        <ScopeFields
          prefix="rc"
          industry={codeIndustry}
          setIndustry={setCodeIndustry}
          regionCode={codeRegion}
          setRegionCode={setCodeRegion}
          errors={codeErrors}
        />
        <View className="rl-row">
          <View className="rl-half rl-half-left">
            <TextField id="rc-count" label="数量（个）" value={count} onChange={setCount} maxlength={3} error={codeErrors.count} />
          </View>
          <View className="rl-half">
            <TextField id="rc-days" label="有效天数" value={days} onChange={setDays} maxlength={3} error={codeErrors.expiresAt} />
          </View>
        </View>
        <Button id="rc-create" loading={busy === 'generate'} loadingText="正在生成…" onClick={generate}>
          生成核验码
        </Button>
      </Card>

      {batches.loading && !batches.data ? (
        <StateView status="loading" />
      ) : batches.error && !batches.data ? (
        <ErrorState error={batches.error} onRetry={batches.reload} />
      ) : batchList.length === 0 ? (
        <View className="muted" id="batches-empty">
          还没有生成过核验码。
        </View>
      ) : (
        batchList.map((b, i) => (
          <Card
            key={b.id}
            id={`batch-${i}`}
            title={b.label}
            extra={<View className={`badge ${b.usable ? 'badge-green' : 'badge-grey'}`}>{b.expired ? '已过期' : `可用 ${b.usable}`}</View>}
          >
            <View className="muted">{scopeText(b)}</View>
            <View className="muted" id={`batch-${i}-counts`}>
              共 {b.count} 个 · 已用 {b.used} · 作废 {b.revoked} · {formatDateTime(b.expiresAt)} 到期
            </View>
            <View className="rl-actions">
              <View className="rl-action rl-action-left">
                <Button
                  id={`batch-${i}-download`}
                  type="secondary"
                  size="medium"
                  disabled={!b.usable}
                  loading={busy === `download-${b.id}`}
                  loadingText="正在下载…"
                  onClick={() => download(b)}
                >
                  下载打印
                </Button>
              </View>
              <View className="rl-action">
                <Button
                  id={`batch-${i}-revoke`}
                  type="danger"
                  size="medium"
                  disabled={!b.usable}
                  loading={busy === `revoke-${b.id}`}
                  onClick={() => revoke(b)}
                >
                  作废未用的
                </Button>
              </View>
            </View>
          </Card>
        ))
      )}

      <View className="section-title">上传名单</View>
      <Card id="roll-new-roster">
        <View className="muted rl-skipped">csv 或 Excel（xlsx），每行一个手机号。服务器只保存手机号加密后的摘要，不保存号码。</View>
        <TextField
          id="rr-label"
          label="名单来源"
          value={rosterLabel}
          onChange={setRosterLabel}
          placeholder="例如 平台提供的站点骑手名单"
          maxlength={60}
          error={rosterErrors.label}
        />
        <ScopeFields
          prefix="rr"
          industry={rosterIndustry}
          setIndustry={setRosterIndustry}
          regionCode={rosterRegion}
          setRegionCode={setRosterRegion}
          errors={rosterErrors}
        />
        {rosterErrors.file && <View className="xfield-error">{rosterErrors.file}</View>}
        <Button id="rr-upload" loading={busy === 'upload'} loadingText="正在上传…" onClick={upload}>
          {IS_WEAPP ? '从聊天里选文件上传' : '选择文件上传'}
        </Button>
        {lastUpload && (
          <View className="muted rl-skipped" id="rr-result">
            收到 {lastUpload.roster.entries} 个手机号
            {lastUpload.duplicates ? `，重复 ${lastUpload.duplicates} 个` : ''}
            {lastUpload.skippedCount
              ? `，跳过 ${lastUpload.skippedCount} 行（第 ${lastUpload.skipped.map((x) => x.line).join('、')} 行）`
              : ''}
          </View>
        )}
      </Card>
      {rosters.loading && !rosters.data ? (
        <StateView status="loading" />
      ) : rosters.error && !rosters.data ? (
        <ErrorState error={rosters.error} onRetry={rosters.reload} />
      ) : rosterList.length === 0 ? (
        <View className="muted" id="rosters-empty">
          还没有上传过名单。
        </View>
      ) : (
        rosterList.map((r, i) => (
          <Card key={r.id} id={`roster-${i}`} title={r.label}>
            <View className="muted">{scopeText(r)}</View>
            <View className="muted" id={`roster-${i}-counts`}>
              手机号 {r.entries} 个 · 已核验 {r.verified} 人
            </View>
          </Card>
        ))
      )}
    </View>
  )
}
