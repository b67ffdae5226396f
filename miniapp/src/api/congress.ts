// Drafts of a contract and the workers' congress that adopts one (issue 14).
import type {
  CheckInRequest,
  Congress,
  CongressBallotRequest,
  CongressMember,
  CreateCongressRequest,
  CreateDraftRequest,
  Draft,
  DraftDiff,
  DraftVersionRequest,
  RecordAdoptedContractRequest,
} from '@xst/shared-types'
import { api } from './client'
import { type DownloadType, downloadWithToken } from './download'

export const createDraft = (req: CreateDraftRequest) => api.post<Draft>('/drafts', req)
export const getDraft = (id: string) => api.get<Draft>(`/drafts/${id}`)
export const listDrafts = (invitationId: string) => api.get<Draft[]>(`/invitations/${invitationId}/drafts`)
export const addDraftVersion = (id: string, req: DraftVersionRequest) => api.post<Draft>(`/drafts/${id}/versions`, req)
export const diffDraft = (id: string, from: number, to: number) => api.get<DraftDiff>(`/drafts/${id}/diff`, { from, to })
export const publishDraft = (id: string) => api.post<Draft>(`/drafts/${id}/publish`)

export const createCongress = (req: CreateCongressRequest) => api.post<Congress>('/congresses', req)
/** Staff: the region's congresses. A worker: those they are a member of. */
export const listCongresses = () => api.get<Congress[]>('/congresses')
export const getCongress = (id: string) => api.get<Congress>(`/congresses/${id}`)
export const voteCongress = (id: string, req: CongressBallotRequest) => api.put<Congress>(`/congresses/${id}/ballot`, req)
export const listMembers = (id: string) => api.get<CongressMember[]>(`/congresses/${id}/members`)
export const checkIn = (id: string, req: CheckInRequest) => api.post<Congress>(`/congresses/${id}/check-ins`, req)
export const closeCongress = (id: string) => api.post<Congress>(`/congresses/${id}/close`)
export const recordContract = (id: string, req: RecordAdoptedContractRequest) => api.post<Congress>(`/congresses/${id}/contract`, req)

/** The resolution (docx or pdf) and the filing packet (zip). */
export function downloadCongressFile(id: string, file: 'resolution.docx' | 'resolution.pdf' | 'filing.zip', fileName: string) {
  const type = file.split('.').pop() as DownloadType
  return downloadWithToken(`${API_BASE}/congresses/${id}/${file}`, fileName, type)
}
