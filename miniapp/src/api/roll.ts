// The verified roll: a worker's own verifications (code, phone number), and the staff's code sheets, rosters, counts.
import Taro from '@tarojs/taro'
import type {
  CodeBatch,
  CreateCodeBatchRequest,
  MyRoll,
  RedeemRollCodeRequest,
  RevokeCodesRequest,
  RollSummary,
  RollVerification,
  Roster,
  RosterUploadResult,
  UploadRosterRequest,
  VerifyPhoneRequest,
  VerifyPhoneResult,
} from '@xst/shared-types'
import { api } from './client'
import { downloadWithToken } from './download'
import { ApiError } from './errors'
import { getToken } from './session'

export const getMyRoll = () => api.get<MyRoll>('/roll/me')
export const redeemRollCode = (code: string) => {
  const req: RedeemRollCodeRequest = { code }
  return api.post<RollVerification>('/roll/codes/redeem', req)
}
/** The code of the getPhoneNumber button; the server exchanges it with WeChat and compares the number with rosters. */
export const verifyPhone = (code: string) => {
  const req: VerifyPhoneRequest = { code }
  return api.post<VerifyPhoneResult>('/roll/phone', req)
}

// Organizer / admin
export const getRollSummary = () => api.get<RollSummary>('/roll/summary')
export const listCodeBatches = () => api.get<CodeBatch[]>('/roll/code-batches')
export const createCodeBatch = (req: CreateCodeBatchRequest) => api.post<CodeBatch>('/roll/code-batches', req)
export const revokeCodes = (id: string, req: RevokeCodesRequest = {}) => api.post<CodeBatch>(`/roll/code-batches/${id}/revoke`, req)
export const downloadCodeSheet = (b: CodeBatch) =>
  downloadWithToken(`${API_BASE}/roll/code-batches/${b.id}/sheet.docx`, `核验码-${b.label}.docx`, 'docx')
export const listRosters = () => api.get<Roster[]>('/roll/rosters')

/** Uploads a roster file (a temp path from chooseMessageFile, or an H5 blob URL) with its scope as form fields. */
export async function uploadRoster(filePath: string, fileName: string, fields: UploadRosterRequest): Promise<RosterUploadResult> {
  const header: Record<string, string> = {}
  const token = getToken()
  if (token) header.Authorization = `Bearer ${token}`
  const formData: Record<string, string> = { label: fields.label, industry: fields.industry, regionCode: fields.regionCode }
  if (fields.platformOrgId) formData.platformOrgId = fields.platformOrgId
  let res: Taro.uploadFile.SuccessCallbackResult
  try {
    res = await Taro.uploadFile({ url: `${API_BASE}/roll/rosters`, filePath, name: 'file', fileName, formData, header, timeout: 60000 })
  } catch {
    throw ApiError.offline()
  }
  let body: unknown = res.data
  try {
    body = typeof res.data === 'string' ? JSON.parse(res.data) : res.data
  } catch {
    // Not JSON: the status decides.
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return body as RosterUploadResult
  throw ApiError.fromResponse(res.statusCode, body)
}
