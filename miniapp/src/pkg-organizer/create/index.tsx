// 发起意见征集: the shared consultation form; once created, straight to its live results.
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { createConsultation } from '../../api/consultations'
import { StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useSession } from '../../hooks/useSession'
import { ROUTES } from '../../utils/nav'
import { ConsultationForm } from '../components/ConsultationForm'
import { pageStyle } from '../../utils/comfort'

export default function CreateConsultation() {
  const user = useSession()
  // From the suggestions of an earlier consultation: 设为下次议题.
  const topic = useRouter().params.topic
  if (!user || (user.role !== 'organizer' && user.role !== 'admin')) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="需要工会工作人员账号" />
      </View>
    )
  }
  return (
    <View className="page" style={pageStyle()}>
      <ConsultationForm
        defaultRegionCode={user.regionCode}
        suggestedTopics={topic ? [decodeURIComponent(topic)] : undefined}
        submitId="c-submit"
        submitLabel="发起征集"
        savingText="正在发起…"
        onSubmit={async (req) => {
          try {
            const created = await createConsultation(req)
            toast.success('已发起')
            setTimeout(() => Taro.redirectTo({ url: ROUTES.organizerResults(created.id) }), 600)
          } catch (e) {
            toast.error(e)
            throw e
          }
        }}
      />
    </View>
  )
}
