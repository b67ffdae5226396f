// 企业信息: register an enterprise or association of the region, or correct one — its 统一社会信用代码, its industry
// (a 门类 of 国民经济行业分类), whether it is a platform or a key enterprise, its workers, and its union with the day
// that union was founded (the ledger's 新建会企业 are those founded in the report's year), and its 联系手机, where the
// SMS notice of an invitation goes when the enterprise has never opened the mini-program.
import { useEffect, useState } from 'react'
import { Input, Picker, Switch, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import {
  ENTERPRISE_INDUSTRIES,
  ENTERPRISE_INDUSTRY_LABELS,
  ORGANIZATION_TYPE_LABELS,
  normalizeMobile,
  type EnterpriseIndustry,
  type Organization,
  type OrganizationType,
} from '@xst/shared-types'
import { ApiError } from '../../api/errors'
import { createOrganization, getOrganization, updateOrganization } from '../../api/organizations'
import { Button } from '../../components/Button'
import { ChoiceRow, Field, TextField } from '../../components/Field'
import { RegionPicker } from '../../components/RegionPicker'
import { Sheet } from '../../components/Sheet'
import { ErrorState, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { type Errors, useFieldErrors } from '../../hooks/useFieldErrors'
import { useSession } from '../../hooks/useSession'
import './index.css'
import { pageStyle } from '../../utils/comfort'
import { a11y } from '../../utils/a11y'

interface OrgForm {
  type: OrganizationType
  name: string
  regionCode: string | null
  uscc: string
  industry: EnterpriseIndustry | null
  isPlatform: boolean
  employees: string
  isKeyEnterprise: boolean
  hasUnion: boolean
  unionisedAt: string
  contactPhone: string
  /** The number as loaded was masked (not the caller's to read): it is sent only when changed. */
  contactPhoneLoaded: string
}

const LABELS = {
  name: '名称',
  regionCode: '所在地区',
  uscc: '统一社会信用代码',
  industry: '行业',
  employees: '职工人数',
  unionisedAt: '建会日期',
  contactPhone: '联系手机',
}

function check(f: OrgForm): Errors {
  const e: Errors = {}
  if (f.name.trim().length < 2) e.name = '请填写名称（至少 2 个字）'
  if (!f.regionCode) e.regionCode = '请选择所在地区'
  if (f.type === 'enterprise' && !/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(f.uscc.trim().toUpperCase()))
    e.uscc = '统一社会信用代码应为 18 位数字或大写字母'
  if (f.employees.trim() && !/^\d{1,9}$/.test(f.employees.trim())) e.employees = '职工人数应为整数'
  if (f.hasUnion && f.unionisedAt && f.unionisedAt > todayDate()) e.unionisedAt = '建会日期不能晚于今天'
  if (f.contactPhone.trim() && f.contactPhone !== f.contactPhoneLoaded && !normalizeMobile(f.contactPhone))
    e.contactPhone = '联系手机应为 11 位大陆手机号，如 13812345678'
  return e
}

const fromOrganization = (o: Organization): OrgForm => ({
  type: o.type,
  name: o.name,
  regionCode: o.regionCode,
  uscc: o.uscc ?? '',
  industry: o.industry,
  isPlatform: o.isPlatform,
  employees: o.employees === null ? '' : String(o.employees),
  isKeyEnterprise: o.isKeyEnterprise,
  hasUnion: o.hasUnion,
  unionisedAt: o.unionisedAt ?? '',
  contactPhone: o.contactPhone ?? '',
  contactPhoneLoaded: o.contactPhone ?? '',
})

const pad = (n: number) => String(n).padStart(2, '0')
const todayDate = (d = new Date()) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
const dayLabel = (v: string) => {
  const [y, m, d] = v.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

function SwitchRow({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <View className="of-switch-row">
      <View className="grow">{label}</View>
      <Switch id={id} checked={checked} color="#b3261e" onChange={(e) => onChange(e.detail.value)} />
    </View>
  )
}

export default function OrganizationForm() {
  const user = useSession()
  const { params } = useRouter()
  const id = params.id ?? null
  const staff = user?.role === 'organizer' || user?.role === 'admin'
  const [form, setForm] = useState<OrgForm | null>(id ? null : blankForm(params.type as OrganizationType | undefined))
  const [loadError, setLoadError] = useState<unknown>(null)
  const [industryOpen, setIndustryOpen] = useState(false)
  const [saving, setSaving] = useState(false)
  const { errors, check: checkAll, fromServer } = useFieldErrors(form ?? blankForm(), check, LABELS)

  useEffect(() => {
    if (!id || !staff) return
    getOrganization(id)
      .then((o) => setForm(fromOrganization(o)))
      .catch(setLoadError)
  }, [id, staff])

  if (!staff) return <StateView status="empty" title="需要工作人员账号" message="工会工作人员或总工会管理员才能维护企业名录。" />
  if (loadError) return <ErrorState error={loadError} />
  if (!form) return <StateView status="loading" />

  const update = (patch: Partial<OrgForm>) => setForm({ ...form, ...patch })
  const enterprise = form.type !== 'union'
  const save = async () => {
    if (!checkAll(form)) return
    setSaving(true)
    const body = {
      name: form.name.trim(),
      regionCode: form.regionCode!,
      ...(form.type === 'enterprise' ? { uscc: form.uscc.trim().toUpperCase() } : {}),
      ...(enterprise
        ? {
            industry: form.industry,
            isPlatform: form.isPlatform,
            employees: form.employees.trim() ? Number(form.employees.trim()) : null,
            isKeyEnterprise: form.isKeyEnterprise,
          }
        : {}),
      ...(enterprise ? { hasUnion: form.hasUnion, unionisedAt: form.hasUnion && form.unionisedAt ? form.unionisedAt : null } : {}),
      ...(form.contactPhone !== form.contactPhoneLoaded ? { contactPhone: form.contactPhone.trim() || null } : {}),
    }
    try {
      if (id) await updateOrganization(id, body)
      else await createOrganization({ type: form.type, ...body })
      toast.success(id ? '已保存' : '已登记')
      setTimeout(() => Taro.navigateBack().catch(() => undefined), 600)
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) fromServer(e.fields)
      toast.error(e)
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className="page" style={pageStyle()}>
      <View className="page-lead">
        {id ? `修改${ORGANIZATION_TYPE_LABELS[form.type]}的登记信息。` : `登记一个${ORGANIZATION_TYPE_LABELS[form.type]}。`}
      </View>
      <TextField id="of-name" label="名称" value={form.name} onChange={(v) => update({ name: v })} maxlength={100} error={errors.name} />
      <RegionPicker
        id="of-region"
        label="所在地区"
        value={form.regionCode}
        onChange={(c) => update({ regionCode: c })}
        error={errors.regionCode}
      />
      {form.type === 'enterprise' && (
        <Field label="统一社会信用代码" error={errors.uscc} hint="18 位，见营业执照">
          <Input
            id="of-uscc"
            className={`xfield-input ${errors.uscc ? 'xfield-invalid' : ''}`}
            value={form.uscc}
            maxlength={18}
            placeholder="例如：91510104MA6CX7K2QT"
            onInput={(e) => update({ uscc: e.detail.value })}
          />
        </Field>
      )}
      {enterprise && (
        <>
          <ChoiceRow
            id="of-industry"
            label="行业（国民经济行业分类门类）"
            value={form.industry ? `${form.industry} ${ENTERPRISE_INDUSTRY_LABELS[form.industry]}` : ''}
            placeholder="选择行业"
            onClick={() => setIndustryOpen(true)}
            hint="企业登记的行业，不是劳动者的职业：外卖平台多为 I 信息传输、软件和信息技术服务业，劳务公司多为 L 租赁和商务服务业。"
            error={errors.industry}
          />
          <Field label="职工人数（选填）" error={errors.employees}>
            <Input
              id="of-employees"
              type="number"
              className={`xfield-input ${errors.employees ? 'xfield-invalid' : ''}`}
              value={form.employees}
              placeholder="人"
              onInput={(e) => update({ employees: e.detail.value })}
            />
          </Field>
          <Field label="类别">
            <SwitchRow id="of-platform" label="平台企业" checked={form.isPlatform} onChange={(v) => update({ isPlatform: v })} />
            <SwitchRow
              id="of-key"
              label="重点企业（“十四五”重点任务）"
              checked={form.isKeyEnterprise}
              onChange={(v) => update({ isKeyEnterprise: v })}
            />
          </Field>
        </>
      )}
      {enterprise && (
        <Field label="工会">
          <SwitchRow
            id="of-union"
            label="已建工会"
            checked={form.hasUnion}
            onChange={(v) => update({ hasUnion: v, ...(v ? {} : { unionisedAt: '' }) })}
          />
        </Field>
      )}
      {enterprise && form.hasUnion && (
        <Field label="建会日期（选填）" hint="填写后，本年度建会的企业在工作台账中标为“新建会企业”。" error={errors.unionisedAt}>
          <Picker
            mode="date"
            value={form.unionisedAt || todayDate()}
            end={todayDate()}
            onChange={(e) => update({ unionisedAt: String(e.detail.value) })}
          >
            <View
              id="of-unionised"
              className={`xfield-choice ${errors.unionisedAt ? 'xfield-invalid' : ''}`}
              hoverClass="xfield-choice-hover"
            >
              <View className={form.unionisedAt ? 'xfield-choice-value' : 'xfield-choice-placeholder'}>
                {form.unionisedAt ? dayLabel(form.unionisedAt) : '选择建会日期'}
              </View>
              <View className="xfield-chevron">›</View>
            </View>
          </Picker>
          {form.unionisedAt && (
            <View
              {...a11y('button')}
              id="of-unionised-clear"
              className="of-clear"
              hoverClass="of-hover"
              onClick={() => update({ unionisedAt: '' })}
            >
              清除建会日期
            </View>
          )}
        </Field>
      )}
      {enterprise && (
        <Field
          label="联系手机（选填）"
          error={errors.contactPhone}
          hint="发出要约时，会给这个号码发一条短信通知（开通短信服务后）。号码只对管理本单位的工作人员和本单位账号完整显示。"
        >
          <Input
            id="of-phone"
            type="number"
            className={`xfield-input ${errors.contactPhone ? 'xfield-invalid' : ''}`}
            value={form.contactPhone}
            maxlength={11}
            placeholder="例如：13812345678"
            onInput={(e) => update({ contactPhone: e.detail.value })}
          />
          {form.contactPhone && (
            <View
              {...a11y('button')}
              id="of-phone-clear"
              className="of-clear"
              hoverClass="of-hover"
              onClick={() => update({ contactPhone: '' })}
            >
              清除联系手机
            </View>
          )}
        </Field>
      )}
      <View className="of-actions">
        <Button id="of-save" loading={saving} loadingText="正在保存…" onClick={() => void save()}>
          {id ? '保存' : '登记'}
        </Button>
      </View>

      <Sheet
        open={industryOpen}
        title="选择行业"
        onClose={() => setIndustryOpen(false)}
        options={ENTERPRISE_INDUSTRIES.map((i) => ({ value: i, label: `${i} ${ENTERPRISE_INDUSTRY_LABELS[i]}` }))}
        selected={form.industry ?? undefined}
        optionClassName="of-industry-option"
        onSelect={(v) => {
          update({ industry: v as EnterpriseIndustry })
          setIndustryOpen(false)
        }}
      />
    </View>
  )
}

function blankForm(type: OrganizationType = 'enterprise'): OrgForm {
  return {
    type,
    name: '',
    regionCode: null,
    uscc: '',
    industry: null,
    isPlatform: false,
    employees: '',
    isKeyEnterprise: false,
    hasUnion: false,
    unionisedAt: '',
    contactPhone: '',
    contactPhoneLoaded: '',
  }
}
