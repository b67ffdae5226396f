// 登记合同: once the congress adopted the draft and both chiefs signed, the contract is recorded from the draft with
// the resolution, and the filing packet can be made (representatives of both sides, how they were chosen).
import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { termLastDay } from '@xst/shared-types'
import { recordContract } from '../../api/congress'
import { ApiError } from '../../api/errors'
import { Button } from '../../components/Button'
import { Chips } from '../../components/Chips'
import { TextField } from '../../components/Field'
import { StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useSession } from '../../hooks/useSession'
import { CONGRESS_ROUTES } from '../routes'
import '../styles.css'
import { pageStyle } from '../../utils/comfort'

type Term = '1' | '2' | '3'
const TERMS: { value: Term; label: string }[] = [
  { value: '1', label: '1 年' },
  { value: '2', label: '2 年' },
  { value: '3', label: '3 年' },
]
const names = (s: string) =>
  s
    .split(/[，,、\s]+/)
    .map((n) => n.trim())
    .filter(Boolean)
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

export default function RecordPage() {
  const user = useSession()
  const { params } = useRouter()
  const id = params.id ?? ''
  const [term, setTerm] = useState<Term>('3')
  const [enterprises, setEnterprises] = useState('1')
  const [workers, setWorkers] = useState('')
  const [workerChief, setWorkerChief] = useState('')
  const [workerMembers, setWorkerMembers] = useState('')
  const [employerChief, setEmployerChief] = useState('')
  const [employerMembers, setEmployerMembers] = useState('')
  const [chosen, setChosen] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)
  if (user?.role !== 'organizer')
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="需要工会工作人员账号" />
      </View>
    )
  const signedAt = today()
  const submit = async () => {
    const e: Record<string, string> = {}
    if (!/^\d+$/.test(enterprises) || Number(enterprises) < 1) e.enterprisesCovered = '覆盖企业数应为正整数'
    if (!/^\d+$/.test(workers) || Number(workers) < 1) e.workersCovered = '覆盖职工数应为正整数'
    if (!workerChief.trim()) e['workerSide.chief'] = '请填写职工方首席代表'
    if (names(workerMembers).length < 2) e['workerSide.members'] = '职工方除首席外至少还有 2 名代表'
    if (!employerChief.trim()) e['employerSide.chief'] = '请填写企业方首席代表'
    if (names(employerMembers).length < 2) e['employerSide.members'] = '企业方除首席外至少还有 2 名代表'
    if (chosen.trim().length < 10) e.representativesChosen = '请说明双方代表是怎样产生的（至少 10 个字）'
    setErrors(e)
    if (Object.keys(e).length) return
    setSaving(true)
    try {
      await recordContract(id, {
        signedAt,
        effectiveFrom: signedAt,
        expiresAt: termLastDay(signedAt, Number(term)),
        enterprisesCovered: Number(enterprises),
        workersCovered: Number(workers),
        workerSide: { chief: workerChief.trim(), members: names(workerMembers) },
        employerSide: { chief: employerChief.trim(), members: names(employerMembers) },
        representativesChosen: chosen.trim(),
      })
      toast.success('合同已登记')
      Taro.redirectTo({ url: CONGRESS_ROUTES.congress(id) })
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
      <View className="page-title">登记集体合同</View>
      <View className="pc-note">合同按职代会通过的草案登记，附表决决议。签订日期为今天（{signedAt}），签字后 10 日内报送审查。</View>
      <View className="section-title">合同期限</View>
      <Chips options={TERMS} selected={[term]} onToggle={setTerm} idPrefix="rc-term" />
      <TextField
        id="rc-enterprises"
        label="覆盖企业（家）"
        value={enterprises}
        onChange={setEnterprises}
        error={errors.enterprisesCovered}
      />
      <TextField
        id="rc-workers"
        label="覆盖职工（人）"
        value={workers}
        onChange={setWorkers}
        error={errors.workersCovered}
        placeholder="例如 3000"
      />
      <TextField
        id="rc-worker-chief"
        label="职工方首席代表"
        value={workerChief}
        onChange={setWorkerChief}
        maxlength={40}
        error={errors['workerSide.chief']}
      />
      <TextField
        id="rc-worker-members"
        label="职工方其他代表"
        value={workerMembers}
        onChange={setWorkerMembers}
        error={errors['workerSide.members']}
        hint="姓名之间用顿号或逗号隔开"
        maxlength={1000}
      />
      <TextField
        id="rc-employer-chief"
        label="企业方首席代表"
        value={employerChief}
        onChange={setEmployerChief}
        maxlength={40}
        error={errors['employerSide.chief']}
      />
      <TextField
        id="rc-employer-members"
        label="企业方其他代表"
        value={employerMembers}
        onChange={setEmployerMembers}
        error={errors['employerSide.members']}
        hint="姓名之间用顿号或逗号隔开"
        maxlength={1000}
      />
      <TextField
        id="rc-chosen"
        label="代表是怎样产生的（写入情况说明）"
        value={chosen}
        onChange={setChosen}
        multiline
        maxlength={2000}
        error={errors.representativesChosen}
        placeholder="例如 职工方代表由骑手民主推选产生，企业方代表由法定代表人书面委托"
      />
      {errors.form && <View className="error-text">{errors.form}</View>}
      <Button id="rc-submit" loading={saving} loadingText="正在登记…" onClick={() => void submit()}>
        登记合同
      </Button>
    </View>
  )
}
