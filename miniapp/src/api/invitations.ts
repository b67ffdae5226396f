// Invitations (要约) and replies (应约): list, read, compose, send, reply, withdraw, escalate, and the 要约书 file.
import Taro from '@tarojs/taro'
import type {
  CreateInvitationRequest,
  EscalationRequest,
  Invitation,
  InvitationCounts,
  InvitationCountsQuery,
  ListInvitationsQuery,
  ListOrganizationsQuery,
  Organization,
  Page,
  RecordDeliveryRequest,
  ReplyRequest,
} from '@xst/shared-types'
import { api } from './client'
import { ApiError } from './errors'
import { getToken } from './session'

export const listInvitations = (q: ListInvitationsQuery = {}) => api.get<Page<Invitation>>('/invitations', { ...q })
/** What the 工作台 shows on 要约应约: 待答复 and 逾期, as the list counts them. */
export const getInvitationCounts = (q: InvitationCountsQuery = {}) => api.get<InvitationCounts>('/invitations/counts', { ...q })
export const getInvitation = (id: string) => api.get<Invitation>(`/invitations/${id}`)
export const createInvitation = (req: CreateInvitationRequest) => api.post<Invitation>('/invitations', req)
export const sendInvitation = (id: string) => api.post<Invitation>(`/invitations/${id}/send`)
export const replyInvitation = (id: string, req: ReplyRequest) => api.post<Invitation>(`/invitations/${id}/reply`, req)
export const withdrawInvitation = (id: string) => api.post<Invitation>(`/invitations/${id}/withdraw`)
/** The paper letter's delivery day (送达回执): receipt, from which the reply period runs. */
export const recordDelivery = (id: string, req: RecordDeliveryRequest) => api.post<Invitation>(`/invitations/${id}/delivery`, req)
export const escalateInvitation = (id: string, req: EscalationRequest) => api.post<Invitation>(`/invitations/${id}/escalations`, req)

/** Organizations the caller may address, as scoped by the server (organizers: their region; enterprises: nearby unions). */
export const listOrganizations = (q: ListOrganizationsQuery = {}) => api.get<Page<Organization>>('/organizations', { ...q })
export const getOrganization = (id: string) => api.get<Organization>(`/organizations/${id}`)

const letterUrl = (id: string) => `${API_BASE}/invitations/${id}/letter.docx`

/**
 * Opens the 要约书 (.docx). The endpoint needs the bearer token, so a bare link cannot fetch it:
 * WeChat downloads it with the header and opens it in its document viewer (print, forward from there);
 * the browser fetches it and saves it through an ordinary download link.
 */
export async function openLetter(id: string, filename: string): Promise<void> {
  const token = getToken()
  const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
  // TARO_ENV is replaced at build time, so each build keeps only its own branch.
  if (process.env.TARO_ENV === 'weapp') {
    let res: Taro.downloadFile.FileSuccessCallbackResult
    try {
      res = await Taro.downloadFile({ url: letterUrl(id), header })
    } catch {
      throw ApiError.offline()
    }
    if (res.statusCode !== 200) throw ApiError.fromResponse(res.statusCode, null)
    await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'docx', showMenu: true })
    return
  }
  let res: Response
  try {
    res = await fetch(letterUrl(id), { headers: header })
  } catch {
    throw ApiError.offline()
  }
  if (!res.ok) throw ApiError.fromResponse(res.status, await res.json().catch(() => null))
  const url = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 30000)
}
