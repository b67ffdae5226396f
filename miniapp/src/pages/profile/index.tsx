// The worker's profile: industry, platform and city decide which consultations are theirs.
import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { Industry } from '@xst/shared-types'
import { INDUSTRIES, INDUSTRY_LABELS } from '@xst/shared-types'
import { ApiError } from '../../api/errors'
import { updateMe } from '../../api/identity'
import { Button } from '../../components/Button'
import { Field, TextField } from '../../components/Field'
import { RegionPicker } from '../../components/RegionPicker'
import { StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { type Errors, useFieldErrors } from '../../hooks/useFieldErrors'
import { useSession } from '../../hooks/useSession'
import { PrivacySheet } from '../../components/PrivacySheet'
import { agreedToPrivacy } from '../../utils/privacy'
import { ROUTES, TABS } from '../../utils/nav'
import './index.css'
import { pageStyle } from '../../utils/comfort'
import { a11y } from '../../utils/a11y'

const LABELS = { industry: '行业', regionCode: '所在城市', platform: '所在平台' }

function checkProfile(f: { industry: Industry | null; regionCode: string | null; platform: string }): Errors {
  const e: Errors = {}
  if (!f.industry) e.industry = '请选择你的行业'
  if (!f.regionCode) e.regionCode = '请选择你所在的城市'
  return e
}

export default function ProfilePage() {
  const user = useSession()
  const router = useRouter()
  const firstRun = !user?.industry || !user?.regionCode
  const [industry, setIndustry] = useState<Industry | null>(user?.industry ?? null)
  const [platform, setPlatform] = useState(user?.platform ?? '')
  const [regionCode, setRegionCode] = useState<string | null>(user?.regionCode ?? null)
  const { errors, check, fromServer } = useFieldErrors({ industry, regionCode, platform }, checkProfile, LABELS)
  const [saving, setSaving] = useState(false)

  if (!user) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          status="empty"
          title="请先登录"
          action={
            <Button id="profile-go-login" onClick={() => Taro.navigateTo({ url: ROUTES.login })}>
              去登录
            </Button>
          }
        />
      </View>
    )
  }

  const save = async () => {
    if (!check({ industry, regionCode, platform })) return
    // Industry, city and platform are personal data: WeChat's privacy guide comes first.
    if (!(await agreedToPrivacy())) {
      toast.info('同意隐私保护指引后，才能保存你的信息')
      return
    }
    setSaving(true)
    try {
      await updateMe({ industry: industry!, regionCode: regionCode!, platform: platform.trim() || undefined })
      toast.success('已保存')
      const next = router.params.next
      setTimeout(() => {
        if (next === 'back' || Taro.getCurrentPages().length > 1) Taro.navigateBack()
        else Taro.switchTab({ url: TABS.consultations })
      }, 600)
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) fromServer(e.fields)
      toast.error(e)
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className="page" style={pageStyle()}>
      <View className="page-title">{firstRun ? '先说说你是做什么的' : '我的信息'}</View>
      <View className="page-lead">我们按你的行业和城市，给你看和你有关的协商议题。</View>

      <Field label="你的行业" error={errors.industry}>
        <View className="industry-grid" id="industry-picker">
          {INDUSTRIES.map((i) => (
            <View
              key={i}
              id={`industry-${i}`}
              className={`industry-option ${industry === i ? 'industry-option-on' : ''}`}
              hoverClass="industry-option-hover"
              onClick={() => setIndustry(i)}
              {...a11y('radio', INDUSTRY_LABELS[i], { checked: industry === i })}
            >
              {INDUSTRY_LABELS[i]}
            </View>
          ))}
        </View>
      </Field>

      <RegionPicker
        label="所在城市"
        value={regionCode}
        onChange={(c) => setRegionCode(c)}
        error={errors.regionCode}
        hint="选到城市就可以，区县可不选"
      />

      <TextField
        id="profile-platform"
        label="所在平台（选填）"
        value={platform}
        onChange={setPlatform}
        placeholder="例如：美团、饿了么、滴滴"
        maxlength={50}
        error={errors.platform}
      />

      <Button id="profile-save" loading={saving} loadingText="正在保存…" onClick={save}>
        保存
      </Button>
      <PrivacySheet purpose="保存你的行业、城市和平台" />
    </View>
  )
}
