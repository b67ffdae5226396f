// 登记集体合同: one contract, or a "1+3" package (综合 + 工资、劳动安全卫生、女职工三个专项) in one step. The form is kept
// on the phone while it is typed, so leaving the page, losing the network or closing the app loses nothing.
import { useEffect, useMemo, useRef, useState } from 'react'
import { Input, Picker, View } from '@tarojs/components'
import Taro, { useDidHide, useRouter, useUnload } from '@tarojs/taro'
import type { ContractKind, ContractScope, Organization } from '@xst/shared-types'
import { CONTRACT_KINDS, CONTRACT_KIND_LABELS, CONTRACT_SCOPES, CONTRACT_SCOPE_LABELS, termBounds, termLastDay } from '@xst/shared-types'
import { IS_WEAPP } from '../../api/client'
import { createContract, createContractPackage, getContract, listOrganizations } from '../../api/contracts'
import { ApiError } from '../../api/errors'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { Chips } from '../../components/Chips'
import { Field, TextField } from '../../components/Field'
import { RegionPicker } from '../../components/RegionPicker'
import { Sheet } from '../../components/Sheet'
import { ErrorState, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { showProblems } from '../../hooks/useFieldErrors'
import { useSession } from '../../hooks/useSession'
import { clearDraft, debounced, loadDraft, localDate, saveDraft } from '../../utils/drafts'
import { SESSION_ROUTES, cachedInvitations } from '../shared'
import '../styles.css'
import { pageStyle } from '../../utils/comfort'
import { a11y } from '../../utils/a11y'

interface Party {
  id: string
  name: string
  type: Organization['type']
  isPlatform: boolean
}

interface ContractForm {
  scope: ContractScope
  /** true: a "1+3" package of the four kinds. */
  isPackage: boolean
  kind: ContractKind
  title: string
  regionCode: string | null
  parties: Party[]
  signedAt: string
  effectiveFrom: string
  expiresAt: string
  enterprisesCovered: string
  workersCovered: string
  filedAt: string
  invitationId: string
  renewsContractId: string
  updatedAt?: string
}

const DRAFT = 'contract'

function emptyForm(regionCode: string | null): ContractForm {
  return {
    scope: 'new_employment',
    isPackage: false,
    kind: 'comprehensive',
    title: '',
    regionCode,
    parties: [],
    signedAt: '',
    effectiveFrom: '',
    expiresAt: '',
    enterprisesCovered: '',
    workersCovered: '',
    filedAt: '',
    invitationId: '',
    renewsContractId: '',
  }
}

const positiveInt = (s: string) => /^\d+$/.test(s.trim()) && Number(s) >= 1

/** The rules the server applies, checked on the phone first; keys are the server's field names. */
const CONTRACT_LABELS: Record<string, string> = {
  scope: '合同类型',
  kind: '合同种类',
  title: '合同名称',
  regionCode: '所在地区',
  partyOrganizationIds: '签约方',
  signedAt: '签订日期',
  effectiveFrom: '生效日期',
  expiresAt: '到期日期',
  enterprisesCovered: '覆盖企业数',
  workersCovered: '覆盖职工数',
  filedAt: '报送审查日期',
  invitationId: '关联要约',
  renewsContractId: '续签的合同',
}

function check(f: ContractForm): Record<string, string> {
  const e: Record<string, string> = {}
  const today = localDate(new Date())
  if (f.title.trim().length < 2) e.title = '请填写合同名称（至少 2 个字）'
  if (!f.regionCode) e.regionCode = '请选择合同所在地区'
  if (!f.parties.length) e.partyOrganizationIds = '请至少选 1 个签约方'
  else if (f.scope === 'new_employment' && !f.parties.some((p) => p.type === 'enterprise'))
    e.partyOrganizationIds = '新就业形态合同要有平台企业或其合作用工企业'
  if (!f.signedAt) e.signedAt = '请选择签订日期'
  else if (f.signedAt > today) e.signedAt = '签订日期不能晚于今天：只能登记已签订的合同'
  if (!f.effectiveFrom) e.effectiveFrom = '请选择生效日期'
  else if (f.signedAt && f.effectiveFrom < f.signedAt) e.effectiveFrom = '生效日期不能早于签订日期'
  if (!f.expiresAt) e.expiresAt = '请选择到期日期'
  else if (f.effectiveFrom) {
    const [min, max] = termBounds(f.effectiveFrom)
    if (f.expiresAt < min || f.expiresAt > max) e.expiresAt = `合同期限应为 1 至 3 年：到期日期应在 ${min} 至 ${max} 之间`
  }
  if (!positiveInt(f.enterprisesCovered)) e.enterprisesCovered = '覆盖企业数应为正整数'
  if (!positiveInt(f.workersCovered)) e.workersCovered = '覆盖职工数应为正整数'
  if (f.filedAt && f.signedAt && f.filedAt < f.signedAt) e.filedAt = '报送审查日期不能早于签订日期'
  if (f.filedAt && f.filedAt > today) e.filedAt = '报送审查日期不能晚于今天'
  return e
}

function DateRow({
  label,
  value,
  onChange,
  error,
  hint,
  id,
  optional,
}: {
  label: string
  value: string
  onChange: (v: string) => void
  error?: string
  hint?: string
  id: string
  optional?: boolean
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      <View className="row">
        <View className="grow">
          <Picker mode="date" value={value || localDate(new Date())} onChange={(e) => onChange(String(e.detail.value))}>
            <View id={id} className={`xfield-choice ${error ? 'xfield-invalid' : ''}`} hoverClass="xfield-choice-hover">
              <View className={value ? 'xfield-choice-value' : 'xfield-choice-placeholder'}>{value || '选择日期'}</View>
              <View className="xfield-chevron">›</View>
            </View>
          </Picker>
        </View>
        {optional && value && (
          <View {...a11y('button')} className="ps-link" hoverClass="ps-hover" onClick={() => onChange('')}>
            清除
          </View>
        )}
      </View>
    </Field>
  )
}

export default function ContractFormPage() {
  const user = useSession()
  const { params } = useRouter()
  const [form, setForm] = useState<ContractForm>(() => loadDraft<ContractForm>(DRAFT) ?? emptyForm(user?.regionCode ?? null))
  const [hadDraft] = useState(() => !!loadDraft<ContractForm>(DRAFT))
  const [errors, setErrors] = useState<Record<string, string>>({})
  // Errors the server gave: the phone cannot re-check them, they go when their field changes.
  const serverKeys = useRef(new Set<string>())
  const [formError, setFormError] = useState('')
  const [saving, setSaving] = useState(false)
  const [picking, setPicking] = useState(false)
  const [query, setQuery] = useState('')
  const [orgs, setOrgs] = useState<Organization[] | null>(null)
  const [orgError, setOrgError] = useState<unknown>(null)
  const formRef = useRef(form)
  formRef.current = form

  const saver = useMemo(() => debounced(() => saveDraft(DRAFT, { ...formRef.current, updatedAt: new Date().toISOString() }), 400), [])
  useDidHide(() => saver.flush())
  useUnload(() => saver.flush())
  useEffect(() => {
    if (IS_WEAPP || typeof window === 'undefined') return
    const flush = () => saver.flush()
    window.addEventListener('pagehide', flush)
    return () => window.removeEventListener('pagehide', flush)
  }, [saver])

  const update = (patch: Partial<ContractForm>) => {
    const next = { ...formRef.current, ...patch }
    formRef.current = next
    setForm(next)
    // As soon as a field is right again its message goes; one still wrong shows the current reason.
    const keys = Object.keys(patch).map((k) => (k === 'parties' ? 'partyOrganizationIds' : k === 'isPackage' ? 'kind' : k))
    const stillWrong = check(next)
    setErrors((old) => {
      const kept: Record<string, string> = {}
      for (const [k, message] of Object.entries(old)) {
        if (stillWrong[k]) kept[k] = stillWrong[k]
        else if (serverKeys.current.has(k) && !keys.includes(k)) kept[k] = message
        else serverKeys.current.delete(k)
      }
      return kept
    })
    saver.schedule()
  }

  // Opened from an invitation or to renew a contract: fill what is known, unless a draft of that same thing exists.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, when the page opens with its parameters
  useEffect(() => {
    const invitationId = params.invitationId
    if (invitationId && form.invitationId !== invitationId) {
      const inv = cachedInvitations().find((i) => i.id === invitationId)
      if (inv) {
        update({
          ...emptyForm(inv.regionCode),
          invitationId,
          scope: inv.scope,
          parties: [
            { id: inv.from.id, name: inv.from.name, type: inv.from.type, isPlatform: false },
            { id: inv.to.id, name: inv.to.name, type: inv.to.type, isPlatform: false },
          ],
        })
      }
    }
    const renews = params.renews
    if (renews && form.renewsContractId !== renews) {
      getContract(renews)
        .then((c) =>
          update({
            ...emptyForm(c.regionCode),
            renewsContractId: c.id,
            scope: c.scope,
            kind: c.kind,
            title: c.title,
            parties: c.parties.map((p) => ({ id: p.id, name: p.name, type: p.type as Party['type'], isPlatform: p.isPlatform })),
            enterprisesCovered: String(c.enterprisesCovered),
            workersCovered: String(c.workersCovered),
            invitationId: c.invitationId ?? '',
          }),
        )
        .catch((e) => toast.error(e))
    }
  }, [])

  const searchOrgs = async (q: string) => {
    setOrgs(null)
    setOrgError(null)
    try {
      setOrgs(await listOrganizations({ q: q.trim() || undefined }))
    } catch (e) {
      setOrgError(e)
    }
  }
  const openPicker = () => {
    setPicking(true)
    void searchOrgs(query)
  }
  const toggleParty = (o: Organization) => {
    const on = form.parties.some((p) => p.id === o.id)
    update({
      parties: on
        ? form.parties.filter((p) => p.id !== o.id)
        : [...form.parties, { id: o.id, name: o.name, type: o.type, isPlatform: o.isPlatform }],
    })
  }

  if (!user || (user.role !== 'organizer' && user.role !== 'admin')) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="需要工会工作人员账号" message="请用工会或管理员账号登录后登记合同。" />
      </View>
    )
  }

  const submit = async () => {
    const e = check(form)
    serverKeys.current.clear()
    setErrors(e)
    setFormError('')
    if (Object.keys(e).length) return void showProblems(e, CONTRACT_LABELS)
    saver.flush()
    setSaving(true)
    const base = {
      scope: form.scope,
      title: form.title.trim(),
      regionCode: form.regionCode!,
      partyOrganizationIds: form.parties.map((p) => p.id),
      signedAt: form.signedAt,
      effectiveFrom: form.effectiveFrom,
      expiresAt: form.expiresAt,
      enterprisesCovered: Number(form.enterprisesCovered),
      workersCovered: Number(form.workersCovered),
      ...(form.filedAt ? { filedAt: form.filedAt } : {}),
      ...(form.invitationId ? { invitationId: form.invitationId } : {}),
    }
    try {
      const first = form.isPackage
        ? (await createContractPackage(base))[0]
        : await createContract({ ...base, kind: form.kind, ...(form.renewsContractId ? { renewsContractId: form.renewsContractId } : {}) })
      clearDraft(DRAFT)
      toast.success(form.isPackage ? '已登记 4 份合同' : '已登记')
      setTimeout(() => Taro.redirectTo({ url: `${SESSION_ROUTES.contract(first.id)}&fresh=1` }), 600)
    } catch (err) {
      if (err instanceof ApiError && err.isNetwork) {
        setFormError('网络不通，合同还没提交。填写的内容已存在手机上，有网后再点提交。')
      } else if (err instanceof ApiError) {
        const fields = Object.fromEntries(err.fields.map((f) => [f.field.startsWith('items') ? 'kind' : f.field, f.message]))
        serverKeys.current = new Set(Object.keys(fields))
        setErrors(fields)
        if (!err.fields.length) setFormError(err.message)
        toast.error(err)
      } else toast.error(err)
    } finally {
      setSaving(false)
    }
  }

  const clearAll = async () => {
    const { confirm } = await Taro.showModal({
      title: '清空表单',
      content: '已填写的内容会被删除。',
      confirmText: '清空',
      cancelText: '取消',
    })
    if (!confirm) return
    saver.cancel()
    clearDraft(DRAFT)
    setForm(emptyForm(user.regionCode ?? null))
    setErrors({})
  }

  const kindOptions = [
    ...CONTRACT_KINDS.map((k) => ({ value: k as string, label: CONTRACT_KIND_LABELS[k] })),
    ...(form.renewsContractId ? [] : [{ value: 'package', label: '“1+3”一次登记四份' }]),
  ]
  const termHint = form.effectiveFrom ? `期限 1 至 3 年：${termBounds(form.effectiveFrom).join(' 至 ')}` : '期限 1 至 3 年'

  return (
    <View className="page" style={pageStyle()}>
      <View id="contract-draft-status" className="ps-status">
        {hadDraft || form.updatedAt ? '已接着上次填写的内容继续；' : ''}填写的内容自动存在手机上，离开或断网都不会丢。
      </View>
      <View className="ps-gap" />
      <Card className="ps-rules">
        <View className="ps-rules-title">提交前请核对</View>
        <View className="ps-rule">· 只登记已经签字的合同，签订日期不能晚于今天。</View>
        <View className="ps-rule">· 生效日期不早于签订日期；期限 1 至 3 年。</View>
        <View className="ps-rule">· 新就业形态合同的签约方要有平台企业或其合作用工企业。</View>
      </Card>

      {form.renewsContractId && <View className="ps-sync ps-sync-info">这是一份续签合同，会和原合同关联。</View>}
      {form.invitationId && <View className="muted ps-bottom-error">已关联要约，签约方已按要约填好。</View>}

      <Field label="协商类别" error={errors.scope}>
        <Chips
          idPrefix="cf-scope"
          options={CONTRACT_SCOPES.map((s) => ({ value: s, label: CONTRACT_SCOPE_LABELS[s] }))}
          selected={[form.scope]}
          onToggle={(s) => update({ scope: s })}
        />
      </Field>
      <Field
        label="合同种类"
        error={errors.kind}
        hint={form.isPackage ? '综合合同和工资、劳动安全卫生、女职工三个专项合同，各算一份。' : undefined}
      >
        <Chips
          idPrefix="cf-kind"
          options={kindOptions}
          selected={[form.isPackage ? 'package' : form.kind]}
          onToggle={(v) => (v === 'package' ? update({ isPackage: true }) : update({ isPackage: false, kind: v as ContractKind }))}
        />
      </Field>
      <TextField
        id="cf-title"
        label={form.isPackage ? '合同名称（四份共用，会加上种类）' : '合同名称'}
        value={form.title}
        onChange={(v) => update({ title: v })}
        maxlength={180}
        placeholder="例如：成都市外卖配送行业集体合同"
        error={errors.title}
      />
      <RegionPicker
        id="cf-region"
        label="合同所在地区"
        value={form.regionCode}
        onChange={(c) => update({ regionCode: c })}
        error={errors.regionCode}
        hint="统计时算在这个地区和它的上级地区"
      />

      <Field label={`签约方（${form.parties.length} 个）`} error={errors.partyOrganizationIds}>
        {form.parties.map((p) => (
          <View key={p.id} className="ps-party">
            <View className="grow">
              {p.name}
              {p.isPlatform ? '（平台企业）' : ''}
            </View>
            <View
              {...a11y('button')}
              className="ps-link"
              hoverClass="ps-hover"
              onClick={() => update({ parties: form.parties.filter((x) => x.id !== p.id) })}
            >
              移除
            </View>
          </View>
        ))}
        <Button id="cf-parties" type="secondary" size="medium" onClick={openPicker}>
          选择签约方
        </Button>
      </Field>

      <DateRow
        id="cf-signed"
        label="签订日期"
        value={form.signedAt}
        onChange={(v) => update({ signedAt: v, ...(form.effectiveFrom ? {} : { effectiveFrom: v }) })}
        error={errors.signedAt}
      />
      <DateRow
        id="cf-effective"
        label="生效日期"
        value={form.effectiveFrom}
        onChange={(v) => update({ effectiveFrom: v })}
        error={errors.effectiveFrom}
      />
      <DateRow
        id="cf-expires"
        label="到期日期"
        value={form.expiresAt}
        onChange={(v) => update({ expiresAt: v })}
        error={errors.expiresAt}
        hint={termHint}
      />
      {form.effectiveFrom && (
        <View className="ps-terms">
          <Chips
            idPrefix="cf-term"
            options={[1, 2, 3].map((n) => ({ value: String(n), label: `${n} 年期` }))}
            selected={[1, 2, 3].filter((n) => form.expiresAt === termLastDay(form.effectiveFrom, n)).map(String)}
            onToggle={(v) => update({ expiresAt: termLastDay(form.effectiveFrom, Number(v)) })}
          />
        </View>
      )}
      <View className="ps-gap" />

      <View className="ps-two">
        <View className="ps-two-item">
          <Field label="覆盖企业（家）" error={errors.enterprisesCovered}>
            <Input
              id="cf-enterprises"
              type="number"
              className={`xfield-input ${errors.enterprisesCovered ? 'xfield-invalid' : ''}`}
              value={form.enterprisesCovered}
              placeholder="例如 1"
              onInput={(e) => update({ enterprisesCovered: e.detail.value })}
            />
          </Field>
        </View>
        <View className="ps-two-item">
          <Field label="覆盖职工（人）" error={errors.workersCovered}>
            <Input
              id="cf-workers"
              type="number"
              className={`xfield-input ${errors.workersCovered ? 'xfield-invalid' : ''}`}
              value={form.workersCovered}
              placeholder="例如 3200"
              onInput={(e) => update({ workersCovered: e.detail.value })}
            />
          </Field>
        </View>
      </View>

      <DateRow
        id="cf-filed"
        label="报送人社部门审查日期（选填）"
        value={form.filedAt}
        onChange={(v) => update({ filedAt: v })}
        error={errors.filedAt}
        optional
        hint="报送后 15 日内无异议即生效"
      />

      {(errors.invitationId || errors.renewsContractId) && (
        <View className="error-text ps-bottom-error">{errors.invitationId ?? errors.renewsContractId}</View>
      )}
      {formError && (
        <View id="contract-form-error" className="error-text ps-bottom-error">
          {formError}
        </View>
      )}
      <View {...a11y('button')} className="ps-link" id="cf-clear" hoverClass="ps-hover" onClick={() => void clearAll()}>
        清空表单
      </View>

      <View className="bottom-bar-spacer" />
      <View className="bottom-bar">
        <Button id="contract-save" loading={saving} loadingText="正在提交…" onClick={submit}>
          {form.isPackage ? '提交“1+3”四份合同' : '提交'}
        </Button>
      </View>

      <Sheet
        id="party-sheet"
        open={picking}
        title={`选择签约方（已选 ${form.parties.length}）`}
        onClose={() => setPicking(false)}
        header={
          <View className="ps-search">
            <Input
              id="party-search"
              className="ps-search-input"
              value={query}
              placeholder="输入名称搜索"
              confirmType="search"
              onInput={(e) => setQuery(e.detail.value)}
              onConfirm={() => void searchOrgs(query)}
            />
            <View {...a11y('button')} className="ps-link" hoverClass="ps-hover" onClick={() => void searchOrgs(query)}>
              搜索
            </View>
          </View>
        }
      >
        {!orgs && !orgError && <StateView status="loading" />}
        {orgError ? <ErrorState error={orgError} onRetry={() => void searchOrgs(query)} /> : null}
        {orgs && orgs.length === 0 && <StateView status="empty" title="没有找到" message="换个名称试试；组织要先由管理员登记。" />}
        {orgs?.map((o) => {
          const on = form.parties.some((p) => p.id === o.id)
          return (
            <View
              key={o.id}
              className={`xsheet-option party-option ${on ? 'xsheet-option-on' : ''}`}
              hoverClass="xsheet-option-hover"
              onClick={() => toggleParty(o)}
            >
              <View className="grow">
                <View>{o.name}</View>
                <View className="muted">
                  {o.type === 'union' ? '工会' : o.type === 'association' ? '行业协会' : o.isPlatform ? '平台企业' : '企业'}
                </View>
              </View>
              {on && <View className="xsheet-check">✓</View>}
            </View>
          )
        })}
        {orgs && orgs.length > 0 && (
          <View className="ps-sheet-done">
            <Button id="party-done" size="medium" onClick={() => setPicking(false)}>
              完成
            </Button>
          </View>
        )}
      </Sheet>
    </View>
  )
}
