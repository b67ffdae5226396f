// 修改征集: the create form, filled in, while the consultation has not opened. Once it opens the server refuses (409):
// the page says so and goes back to the results.
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { getConsultation, updateConsultation } from '../../api/consultations'
import { ApiError } from '../../api/errors'
import { Button } from '../../components/Button'
import { ErrorState, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { ROUTES } from '../../utils/nav'
import { ConsultationForm } from '../components/ConsultationForm'
import { pageStyle } from '../../utils/comfort'

/** Back to the results page: the one below when we came from it, else a fresh one in place of this page. */
function backToResults(id: string) {
  const pages = Taro.getCurrentPages()
  const below = pages[pages.length - 2]
  if (below && (below.route ?? '').includes('pkg-organizer/results')) return Taro.navigateBack()
  return Taro.redirectTo({ url: ROUTES.organizerResults(id) })
}

export default function EditConsultation() {
  const id = useRouter().params.id ?? ''
  const user = useSession()
  const staff = !!user && (user.role === 'organizer' || user.role === 'admin')
  // Reloaded on show; the form keeps what is typed (it reads `initial` once), and a consultation that opened meanwhile locks.
  const loaded = useLoad(() => getConsultation(id), [id], staff && !!id)

  if (!staff)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="需要工会工作人员账号" />
      </View>
    )
  if (loaded.loading && !loaded.data)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="loading" />
      </View>
    )
  if (loaded.error && !loaded.data)
    return (
      <View className="page" style={pageStyle()}>
        <ErrorState error={loaded.error} onRetry={loaded.reload} />
      </View>
    )
  const c = loaded.data
  if (!c) return null

  if (c.status !== 'upcoming') {
    return (
      <View className="page" style={pageStyle()}>
        <StateView
          status="empty"
          id="c-edit-locked"
          title="已经开始，不能再修改"
          message="可以在结果页提前结束或延长截止时间。"
          action={
            <Button id="c-edit-back" type="secondary" onClick={() => void backToResults(c.id)}>
              回到结果
            </Button>
          }
        />
      </View>
    )
  }

  return (
    <View className="page" style={pageStyle()}>
      <ConsultationForm
        key={c.id}
        initial={c}
        submitId="c-save"
        submitLabel="保存修改"
        savingText="正在保存…"
        onSubmit={async (req) => {
          try {
            await updateConsultation(c.id, req)
          } catch (e) {
            if (e instanceof ApiError && e.code === 'consultation_already_open') {
              await Taro.showModal({ title: '不能修改', content: e.message, showCancel: false, confirmText: '回到结果' })
              void backToResults(c.id)
              return
            }
            toast.error(e)
            throw e
          }
          toast.success('已保存')
          setTimeout(() => void backToResults(c.id), 600)
        }}
      />
    </View>
  )
}
