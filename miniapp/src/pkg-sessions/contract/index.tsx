// 合同详情: status derived from its dates, expiry, and photos of the signed pages taken with the phone.
import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { ContractAttachment } from '@xst/shared-types'
import { CONTRACT_KIND_LABELS, CONTRACT_SCOPE_LABELS, CONTRACT_STATUS_LABELS } from '@xst/shared-types'
import { attachmentUrl, getContract, uploadAttachment } from '../../api/contracts'
import { ApiError, messageOf } from '../../api/errors'
import { getToken } from '../../api/session'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { ErrorState, StateView } from '../../components/StateView'
import { toast } from '../../components/toast'
import { useLoad } from '../../hooks/useLoad'
import { useSession } from '../../hooks/useSession'
import { PrivacySheet } from '../../components/PrivacySheet'
import { agreedToPrivacy } from '../../utils/privacy'
import { SESSION_ROUTES, expiryBadge, formatDay } from '../shared'
import '../styles.css'
import { pageStyle } from '../../utils/comfort'
import { a11y } from '../../utils/a11y'

const sizeText = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`)

export default function ContractPage() {
  const user = useSession()
  const { params } = useRouter()
  const id = params.id ?? ''
  const contract = useLoad(() => getContract(id), [id], !!user && !!id)
  const [uploading, setUploading] = useState<string | null>(null)
  const [uploadError, setUploadError] = useState('')

  if (!user || (user.role !== 'organizer' && user.role !== 'admin' && user.role !== 'enterprise')) {
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="需要工作人员账号" />
      </View>
    )
  }
  if (contract.loading && !contract.data)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="loading" />
      </View>
    )
  if (contract.error && !contract.data)
    return (
      <View className="page" style={pageStyle()}>
        <ErrorState error={contract.error} onRetry={contract.reload} />
      </View>
    )
  const c = contract.data
  if (!c)
    return (
      <View className="page" style={pageStyle()}>
        <StateView status="empty" title="找不到这份合同" />
      </View>
    )
  const canEdit = user.role === 'organizer' || user.role === 'admin'
  const badge = expiryBadge(c)

  const addPhotos = async () => {
    let paths: string[]
    try {
      // Photos are personal data: WeChat's privacy guide first (the sheet below answers), then the album or camera.
      if (!(await agreedToPrivacy())) {
        toast.info('同意隐私保护指引后，才能选择照片')
        return
      }
      const res = await Taro.chooseMedia({ count: 9, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['camera', 'album'] })
      paths = res.tempFiles.map((f) => f.tempFilePath)
    } catch {
      return // Cancelled.
    }
    setUploadError('')
    let done = 0
    for (const [i, p] of paths.entries()) {
      setUploading(`正在上传 ${i + 1}/${paths.length}…`)
      try {
        await uploadAttachment(c.id, p)
        done++
      } catch (e) {
        setUploadError(
          e instanceof ApiError && !e.isNetwork
            ? `第 ${i + 1} 张没有上传：${e.message}`
            : `网络不通，第 ${i + 1} 张起没有上传，请有网后再传。`,
        )
        if (!(e instanceof ApiError) || e.isNetwork) break
      }
    }
    setUploading(null)
    if (done) toast.success(`已上传 ${done} 张`)
    await contract.reload()
  }

  /** Opens a photo: fetched with the token (a bare link cannot carry it). */
  const openAttachment = async (a: ContractAttachment) => {
    const url = attachmentUrl(c.id, a.id)
    const token = getToken()
    const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
    try {
      // TARO_ENV is replaced at build time: the weapp build keeps this branch only (fetch and blob links are H5's).
      if (process.env.TARO_ENV === 'weapp') {
        const res = await Taro.downloadFile({ url, header })
        if (res.statusCode !== 200) throw new ApiError('http', res.statusCode, `http_${res.statusCode}`, '没能打开这个文件')
        if (a.mimeType === 'application/pdf') await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'pdf' })
        else await Taro.previewImage({ urls: [res.tempFilePath] })
        return
      }
      const res = await fetch(url, { headers: header })
      if (!res.ok) throw ApiError.fromResponse(res.status, await res.json().catch(() => null))
      window.open(URL.createObjectURL(await res.blob()), '_blank')
    } catch (e) {
      toast.error(e instanceof ApiError ? e : messageOf(ApiError.offline()))
    }
  }

  const kv = (k: string, v: string) => (
    <View className="ps-kv">
      <View className="ps-k">{k}</View>
      <View className="ps-v">{v}</View>
    </View>
  )
  return (
    <View className="page" style={pageStyle()}>
      <View className="page-title">{c.title}</View>
      <View className="ps-badges">
        <View
          className={`badge ${c.status === 'effective' ? 'badge-green' : c.status === 'expired' ? 'badge-grey' : c.status === 'renegotiation' ? '' : 'badge-blue'}`}
        >
          {CONTRACT_STATUS_LABELS[c.status]}
        </View>
        {badge && <View className={`badge ${badge.cls}`}>{badge.label}</View>}
        {c.renewedByContractId && <View className="badge badge-grey">已续签</View>}
        {c.packageId && <View className="badge badge-grey">“1+3”</View>}
      </View>
      {params.fresh === '1' && canEdit && <View className="ps-sync ps-sync-done">✓ 已登记。可以接着拍下签字页上传。</View>}
      <View className="ps-gap" />

      <Card title="签字页照片" extra={<View className="muted">{c.attachments.length} 个</View>}>
        {c.attachments.length === 0 ? (
          <View className="muted">还没有照片。拍下双方首席代表签字的那一页，便于核对。</View>
        ) : (
          c.attachments.map((a) => (
            <View
              {...a11y('button')}
              key={a.id}
              className="ps-party attachment-item"
              hoverClass="ps-hover"
              onClick={() => void openAttachment(a)}
            >
              <View className="grow">{a.fileName}</View>
              <View className="muted">{sizeText(a.size)} ›</View>
            </View>
          ))
        )}
        {uploadError && (
          <View className="error-text ps-upload-note" id="upload-error">
            {uploadError}
          </View>
        )}
        {canEdit && (
          <View className="ps-upload-note">
            <Button
              id="contract-upload"
              type="secondary"
              size="medium"
              loading={!!uploading}
              loadingText={uploading ?? '正在上传…'}
              onClick={() => void addPhotos()}
            >
              拍照或选照片上传
            </Button>
          </View>
        )}
      </Card>

      <Card title="合同信息">
        {kv('种类', CONTRACT_KIND_LABELS[c.kind])}
        {kv('类别', CONTRACT_SCOPE_LABELS[c.scope])}
        {kv('签约方', c.parties.map((p) => p.name).join('、'))}
        {kv('签订', formatDay(c.signedAt))}
        {kv('生效', formatDay(c.effectiveFrom))}
        {kv('到期', `${formatDay(c.expiresAt)}${c.daysToExpiry >= 0 ? `（还有 ${c.daysToExpiry} 天）` : '（已到期）'}`)}
        {kv('覆盖', `${c.enterprisesCovered} 家企业、${c.workersCovered} 名职工`)}
        {c.resolution
          ? kv(
              '职代会',
              `${formatDay(c.resolution.decidedOn)} 表决通过：应到 ${c.resolution.electorate} 人，实到 ${c.resolution.attendance} 人，赞成 ${c.resolution.approve}、反对 ${c.resolution.reject}、弃权 ${c.resolution.abstain}`,
            )
          : c.congressApprovedAt && kv('职代会', `${formatDay(c.congressApprovedAt)}（手工登记的日期，没有表决记录）`)}
        {kv(
          '报送审查',
          c.filedAt
            ? `${formatDay(c.filedAt)}${c.filedLate ? `（晚于 ${formatDay(c.filingDueOn)} 的期限）` : ''}`
            : `还没有报送：最迟 ${formatDay(c.filingDueOn)}${c.filingOverdue ? '，已过期限' : ''}（签字后 10 日内）`,
        )}
        {c.reviewEndsOn && !c.objection && kv('审查期限', `至 ${formatDay(c.reviewEndsOn)}（15 日内未提出异议即生效）`)}
        {c.effectiveOn && kv('依法生效', formatDay(c.effectiveOn))}
        {c.objection && kv('审查意见', `${formatDay(c.objection.receivedAt)}：${c.objection.points}`)}
      </Card>

      {canEdit && badge && (
        <View className="ps-upload-note">
          <Button
            id="contract-renew"
            type="secondary"
            onClick={() => Taro.navigateTo({ url: `${SESSION_ROUTES.contractForm()}?renews=${c.id}` })}
          >
            登记续签合同
          </Button>
        </View>
      )}
      {canEdit && <PrivacySheet purpose="选择合同照片" />}
    </View>
  )
}
