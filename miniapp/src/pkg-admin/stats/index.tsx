// 统计报表: the official table (附件1) for a region and period — section 二 first with bars, then the whole table,
// drill-down by city, and the Excel file as the province asks for it.
import { useState } from 'react'
import { Picker, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { CongressFigures, FormFigures, FormResponse, FormRow, FormSection, SectionFigures } from '@xst/shared-types'
import { CONTRACT_KINDS, CONTRACT_KIND_LABELS, FORM_SECTIONS, formCellValue } from '@xst/shared-types'
import { ApiError } from '../../api/errors'
import { downloadXlsx, getCongressFigures, getForm, type ExportKind } from '../../api/statistics'
import { getPetitionFigures } from '../../api/petitions'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { Chips } from '../../components/Chips'
import { Field } from '../../components/Field'
import { RegionPicker } from '../../components/RegionPicker'
import { ErrorState, StaleBanner, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import './index.css'
import { pageStyle } from '../../utils/comfort'
import { a11y } from '../../utils/a11y'

const pad = (n: number) => String(n).padStart(2, '0')
const today = () => {
  const d = new Date()
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
/** The campaign of the notice runs 03-05 to 06-05 each year. */
const campaign = (year: number) => ({ from: `${year}-03-05`, to: `${year}-06-05` })

type Preset = 'campaign' | 'year' | 'custom'

const fmt = (n: number) => n.toLocaleString('zh-CN')
const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`)

/** Section 二 as bars: one per kind, contracts signed, with coverage under it. */
function SectionTwo({ figures }: { figures: SectionFigures }) {
  const max = Math.max(1, ...CONTRACT_KINDS.map((k) => figures[k].contracts))
  const total = CONTRACT_KINDS.reduce((s, k) => s + figures[k].contracts, 0)
  return (
    <View className="st-bars">
      {CONTRACT_KINDS.map((k) => {
        const f = figures[k]
        return (
          <View key={k} className="st-bar" id={`stats-bar-${k}`}>
            <View className="row-between">
              <View className="st-bar-label">{CONTRACT_KIND_LABELS[k]}</View>
              <View className="st-bar-n">{fmt(f.contracts)} 份</View>
            </View>
            <View className="st-track">
              <View className="st-fill" style={{ width: `${f.contracts ? Math.max(3, (f.contracts / max) * 100) : 0}%` }} />
            </View>
            <View className="muted">
              覆盖企业 {fmt(f.enterprisesCovered)} 家 · 覆盖职工 {fmt(f.workersCovered)} 人
            </View>
          </View>
        )
      })}
      {total === 0 && <View className="muted st-zero">这段时间还没有登记新就业形态集体合同。</View>}
    </View>
  )
}

/** One section of the table as label → number rows (a 12-column sheet cannot be read on a 375 px phone). */
function SectionTable({ section, figures }: { section: FormSection; figures: FormFigures }) {
  let offset = 0
  const groups = section.groups ?? [{ label: '', span: 12 }]
  return (
    <Card title={section.title} className="st-section" id={`stats-table-${section.key}`}>
      {groups.map((g) => {
        const start = offset
        let width = 0
        const cells = []
        for (let i = start; i < section.cells.length && width < g.span; i++) {
          cells.push(section.cells[i])
          width += section.cells[i].span
          offset = i + 1
        }
        return (
          <View key={g.label || 'all'} className="st-group">
            {g.label && <View className="st-group-label">{g.label}</View>}
            {cells.map((c) => (
              <View key={c.label} className="st-cell">
                <View className="grow">{c.label}</View>
                <View className="st-cell-n">{fmt(formCellValue(figures, c.source))}</View>
              </View>
            ))}
          </View>
        )
      })}
      {section.key === 'keyTasks' && (
        <View className="st-targets">
          <View
            className={`st-target ${figures.keyTasks.ownContractRate !== null && figures.keyTasks.ownContractRate >= figures.keyTasks.ownContractTarget ? 'st-ok' : 'st-bad'}`}
          >
            单独签订率 {pct(figures.keyTasks.ownContractRate)}（目标 ≥ {pct(figures.keyTasks.ownContractTarget)}）
          </View>
          <View className="st-target-note">其中已生效（报送审查满 15 日无异议）{fmt(figures.keyTasks.withOwnContractInEffect)} 家</View>
          <View
            className={`st-target ${figures.keyTasks.qualityEvaluatedRate !== null && figures.keyTasks.qualityEvaluatedRate >= figures.keyTasks.qualityEvaluationTarget ? 'st-ok' : 'st-bad'}`}
          >
            质效评估覆盖率 {pct(figures.keyTasks.qualityEvaluatedRate)}（目标 ≥ {pct(figures.keyTasks.qualityEvaluationTarget)}）
          </View>
        </View>
      )}
    </Card>
  )
}

/** Whether workers were heard, not only whether contracts were signed: the congress beside the workers' ratings. */
function CongressCard({ c }: { c: CongressFigures }) {
  const row = (label: string, value: string, id?: string) => (
    <View className="row-between st-quality-row" id={id}>
      <View>{label}</View>
      <View className="st-quality-n">{value}</View>
    </View>
  )
  return (
    <Card id="stats-congress" title="职代会与职工评价">
      {row('召开职代会（次）', fmt(c.congressesHeld))}
      {row('表决通过（次）', fmt(c.adopted))}
      {row('经职代会通过签订的合同（份）', fmt(c.contractsAdoptedByCongress), 'stats-congress-contracts')}
      {row('到会率（到会 / 应到）', pct(c.attendanceRate), 'stats-congress-attendance')}
      {row('赞成率（赞成 / 应到）', pct(c.approvalRate), 'stats-congress-approval')}
      {row(`知晓率（${fmt(c.feedbackResponses)} 份评价）`, pct(c.awarenessRate))}
      {row('满意率', pct(c.satisfactionRate))}
    </Card>
  )
}

const contractsOf = (f: FormFigures, scope: 'new_employment' | 'enterprise' | 'industry_regional') =>
  CONTRACT_KINDS.reduce((s, k) => s + f[scope][k].contracts, 0)
const allContracts = (f: FormFigures) =>
  contractsOf(f, 'new_employment') + contractsOf(f, 'enterprise') + contractsOf(f, 'industry_regional')
const allActivities = (f: FormFigures) => Object.values(f.activities).reduce((s, n) => s + n, 0)

interface OtherPeriod {
  label: string
  from: string
  to: string
  contracts: number
  activities: number
}

/**
 * When the chosen period holds nothing, the nearest other period that does (this year, last year's campaign, last
 * year, any time), so that an empty table is not mistaken for an empty region.
 */
async function findOtherPeriod(regionCode: string, current: { from: string; to: string }, year: number): Promise<OtherPeriod | null> {
  const candidates = [
    { label: `${year}年至今`, from: `${year}-01-01`, to: today() },
    { label: `${year - 1}年要约季`, ...campaign(year - 1) },
    { label: `${year - 1}年全年`, from: `${year - 1}-01-01`, to: `${year - 1}-12-31` },
    { label: '全部时间', from: '2000-01-01', to: today() },
  ].filter((p) => p.from !== current.from || p.to !== current.to)
  for (const p of candidates) {
    const f = await getForm({ regionCode, from: p.from, to: p.to })
    if (allContracts(f) + allActivities(f) > 0) return { ...p, contracts: allContracts(f), activities: allActivities(f) }
  }
  return null
}

export default function StatsPage() {
  const user = useSession()
  const staff = user?.role === 'admin' || user?.role === 'organizer'
  const year = new Date().getFullYear()
  const [regionCode, setRegionCode] = useState<string | null>(user?.regionCode ?? null)
  const [trail, setTrail] = useState<{ code: string; name: string }[]>([])
  const [preset, setPreset] = useState<Preset>('campaign')
  const [from, setFrom] = useState(campaign(year).from)
  const [to, setTo] = useState(campaign(year).to)
  const [byCity, setByCity] = useState(false)
  const [downloading, setDownloading] = useState<ExportKind | null>(null)
  const periodError = from > to ? '开始日期不能晚于结束日期' : ''
  // Drill-down one level: a province by city (groupBy=city), a city by county; a county has nothing below.
  const code = regionCode ?? ''
  const groupBy = code.endsWith('0000') ? 'city' : code.endsWith('00') ? 'county' : undefined
  const childLabel = groupBy === 'city' ? '各市（州）情况' : '各区县情况'

  const form = useLoad<FormResponse>(
    () => getForm({ regionCode: regionCode ?? undefined, from, to, groupBy: byCity ? groupBy : undefined }),
    [user?.id, regionCode, from, to, byCity && !!groupBy],
    staff && !periodError,
  )
  const congress = useLoad(
    () => getCongressFigures({ regionCode: regionCode ?? undefined, from, to }),
    [user?.id, regionCode, from, to],
    staff && !periodError,
  )
  const empty = !!form.data && allContracts(form.data) + allActivities(form.data) === 0
  const other = useLoad(
    () => findOtherPeriod(form.data!.regionCode, { from, to }, year),
    [form.data?.regionCode, from, to, empty],
    staff && empty,
  )
  const petitions = useLoad(
    () => getPetitionFigures({ regionCode: regionCode ?? undefined, from, to }),
    [user?.id, regionCode, from, to],
    staff && !periodError,
  )
  usePullDownRefresh(async () => {
    await Promise.all([form.reload(), petitions.reload()])
    Taro.stopPullDownRefresh()
  })

  if (!staff)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="需要管理员或工会工作人员账号" />
      </View>
    )

  const choosePreset = (p: Preset) => {
    setPreset(p)
    if (p === 'campaign') {
      setFrom(campaign(year).from)
      setTo(campaign(year).to)
    } else if (p === 'year') {
      setFrom(`${year}-01-01`)
      setTo(today())
    }
  }

  const drill = (row: FormRow) => {
    if (!form.data || row.regionCode === form.data.regionCode) return
    setTrail([...trail, { code: form.data.regionCode, name: form.data.regionName }])
    setRegionCode(row.regionCode)
    Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
  }
  const up = () => {
    const prev = trail[trail.length - 1]
    if (!prev) return
    setTrail(trail.slice(0, -1))
    setRegionCode(prev.code)
  }

  const download = async (kind: ExportKind) => {
    if (!form.data) return
    setDownloading(kind)
    try {
      const what = kind === 'form' ? '集体协商统计表' : kind === 'ledger' ? '集体协商工作台账明细表' : '新就业形态集体协商'
      const name = `${form.data.regionName}${what}_${from}_${to}.xlsx`
      await downloadXlsx(kind, { regionCode: form.data.regionCode, from, to }, name)
      toast.success('已导出')
    } catch (e) {
      toast.error(e instanceof ApiError ? e : '没能打开文件，请稍后重试')
    } finally {
      setDownloading(null)
    }
  }

  const d = form.data
  return (
    <View className="page" style={pageStyle()}>
      <View className="page-title">统计报表</View>
      <View className="page-lead">按《集中要约季活动情况统计表》从已登记的合同和工作台账自动计算。</View>

      <Card className="st-filters">
        <RegionPicker
          id="stats-region"
          label="地区"
          value={regionCode}
          onChange={(c) => {
            setTrail([])
            setRegionCode(c)
          }}
          hint="含下属地区"
        />
        <Field label="时间" error={periodError}>
          <Chips
            idPrefix="stats-period"
            options={[
              { value: 'campaign', label: `${year}年要约季` },
              { value: 'year', label: `${year}年至今` },
              { value: 'custom', label: '自定义' },
            ]}
            selected={[preset]}
            onToggle={(v) => choosePreset(v as Preset)}
          />
          <View className="st-dates">
            <Picker
              className="st-date-pick"
              mode="date"
              value={from}
              onChange={(e) => {
                setPreset('custom')
                setFrom(String(e.detail.value))
              }}
            >
              <View id="stats-from" className="xfield-choice st-date" hoverClass="xfield-choice-hover">
                {from}
              </View>
            </Picker>
            <View className="st-dash">至</View>
            <Picker
              className="st-date-pick"
              mode="date"
              value={to}
              onChange={(e) => {
                setPreset('custom')
                setTo(String(e.detail.value))
              }}
            >
              <View id="stats-to" className="xfield-choice st-date" hoverClass="xfield-choice-hover">
                {to}
              </View>
            </Picker>
          </View>
        </Field>
      </Card>

      {trail.length > 0 && (
        <View {...a11y('button')} className="st-trail" id="stats-up" hoverClass="st-hover" onClick={up}>
          ‹ 返回{trail[trail.length - 1].name}
        </View>
      )}

      {d && <StaleBanner error={form.error} onRetry={form.reload} />}
      {periodError ? null : form.loading && !d ? (
        <StateView status="loading" title="正在计算…" />
      ) : form.error && !d ? (
        <ErrorState error={form.error} onRetry={form.reload} />
      ) : d ? (
        <>
          <View className="st-head">
            <View className="st-region">{d.regionName}</View>
            <View className="muted">
              {d.from} 至 {d.to}（含两端）
            </View>
          </View>

          {empty && !other.loading && (
            <View className="st-other" id="stats-nothing">
              <View className="st-other-title">这段时间没有登记的合同和工作记录</View>
              {other.data ? (
                <>
                  <View className="muted">
                    {d.regionName}在{other.data.label}（{other.data.from} 至 {other.data.to}）有
                    {other.data.contracts ? ` ${fmt(other.data.contracts)} 份合同` : ''}
                    {other.data.contracts && other.data.activities ? '、' : ''}
                    {other.data.activities ? ` ${fmt(other.data.activities)} 项工作记录` : ''}。
                  </View>
                  <View className="st-other-action">
                    <Button
                      id="stats-other-period"
                      type="secondary"
                      size="medium"
                      onClick={() => {
                        setPreset(other.data!.from === `${year}-01-01` && other.data!.to === today() ? 'year' : 'custom')
                        setFrom(other.data!.from)
                        setTo(other.data!.to)
                      }}
                    >
                      看{other.data.label}
                    </Button>
                  </View>
                </>
              ) : other.error ? null : (
                <View className="muted">{d.regionName}还没有登记任何合同或工作记录。</View>
              )}
            </View>
          )}

          <Card id="stats-section-2" className="st-two" title="二、新就业形态劳动者集体协商">
            <SectionTwo figures={d.new_employment} />
          </Card>
          {congress.data && <CongressCard c={congress.data} />}

          {petitions.data && (
            <Card id="stats-petitions" className="st-petitions" title="职工联署要约">
              <View className="st-petition-row">
                达到规定比例 <View className="st-petition-n">{petitions.data.reached}</View> 件，按时发出要约{' '}
                <View className="st-petition-n">{petitions.data.answeredInTime}</View> 件
              </View>
              <View className="muted">
                逾期发出 {petitions.data.answeredLate} 件 · 逾期未发出 {petitions.data.overdue} 件 · 期限内待发出 {petitions.data.pending}{' '}
                件 · 正在联署 {petitions.data.collecting} 件
              </View>
              <View className="muted">人数按核验名册计算；达到比例的日期在所选时间内的计入。</View>
            </Card>
          )}

          <View className="stack st-exports">
            <Button id="stats-download" loading={downloading === 'form'} loadingText="正在导出…" onClick={() => void download('form')}>
              导出 Excel（全表）
            </Button>
            <Button
              id="stats-download-ne"
              type="secondary"
              size="medium"
              loading={downloading === 'new-employment'}
              loadingText="正在导出…"
              onClick={() => void download('new-employment')}
            >
              只导出第二部分
            </Button>
            <Button
              id="stats-download-ledger"
              type="secondary"
              size="medium"
              loading={downloading === 'ledger'}
              loadingText="正在导出…"
              onClick={() => void download('ledger')}
            >
              导出工作台账（附件2）
            </Button>
          </View>

          {groupBy && (
            <View className="row-between st-city-head">
              <View className="section-title st-inline">{childLabel}</View>
              <View {...a11y('button')} className="st-toggle" id="stats-by-city" hoverClass="st-hover" onClick={() => setByCity(!byCity)}>
                {byCity ? '收起' : groupBy === 'city' ? '按城市查看' : '按区县查看'}
              </View>
            </View>
          )}
          {byCity &&
            groupBy &&
            (!d.rows ? (
              <StateView status="loading" />
            ) : d.rows.length === 0 ? (
              <StateView status="empty" title="没有下级地区的数据" message="这个地区没有下属城市，或还没有记录。" />
            ) : (
              <Card className="st-cities" id="stats-cities">
                <View className="st-city st-city-th">
                  <View className="grow">地区</View>
                  <View className="st-city-n">新就业形态</View>
                  <View className="st-city-n">全部合同</View>
                </View>
                {d.rows.map((r) => {
                  const self = r.regionCode === d.regionCode
                  return (
                    <View
                      key={r.regionCode + r.regionName}
                      className={`st-city city-row ${self ? '' : 'st-city-tap'}`}
                      hoverClass={self ? 'none' : 'st-hover'}
                      onClick={() => drill(r)}
                    >
                      <View className="grow">
                        {r.regionName}
                        {self ? '' : ' ›'}
                      </View>
                      <View className="st-city-n">{fmt(contractsOf(r, 'new_employment'))}</View>
                      <View className="st-city-n">
                        {fmt(contractsOf(r, 'new_employment') + contractsOf(r, 'enterprise') + contractsOf(r, 'industry_regional'))}
                      </View>
                    </View>
                  )
                })}
              </Card>
            ))}

          <View className="section-title">全表</View>
          <View id="stats-table">
            {FORM_SECTIONS.map((s) => (
              <SectionTable key={s.key} section={s} figures={d} />
            ))}
          </View>
        </>
      ) : null}
    </View>
  )
}
