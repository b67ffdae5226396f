import type {
  BallotReceipt,
  BallotRequest,
  CatalogTopic,
  Consultation,
  ConsultationResults,
  CreateConsultationRequest,
  ExtendConsultationRequest,
  ListConsultationsQuery,
  Participation,
  Roll,
  UpdateConsultationRequest,
} from '@xst/shared-types'
import { api } from './client'
import { ApiError } from './errors'
import { downloadWithToken } from './download'

export const listConsultations = (q: ListConsultationsQuery = {}) => api.get<Consultation[]>('/consultations', { ...q })
export const getConsultation = (id: string) => api.get<Consultation>(`/consultations/${id}`)
export const submitBallot = (id: string, req: BallotRequest) => api.put<BallotReceipt>(`/consultations/${id}/ballot`, req)
export const getResults = (id: string) => api.get<ConsultationResults>(`/consultations/${id}/results`)

/** The results, or why the caller may not read them yet (a 403 such as 结束后才公布): a state to show, not a failure. */
export type ResultsAnswer = { results: ConsultationResults; hidden: null } | { results: null; hidden: ApiError }
export async function getResultsOrHidden(id: string): Promise<ResultsAnswer> {
  try {
    return { results: await getResults(id), hidden: null }
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) return { results: null, hidden: e }
    throw e
  }
}

// Organizer / admin
export const getCatalog = () => api.get<CatalogTopic[]>('/topics/catalog')
export const createConsultation = (req: CreateConsultationRequest) => api.post<Consultation>('/consultations', req)
export const closeConsultation = (id: string) => api.post<Consultation>(`/consultations/${id}/close`)
export const extendConsultation = (id: string, req: ExtendConsultationRequest) => api.post<Consultation>(`/consultations/${id}/extend`, req)
export const getParticipation = (id: string) => api.get<Participation>(`/consultations/${id}/participation`)
export const updateConsultation = (id: string, req: UpdateConsultationRequest) => api.patch<Consultation>(`/consultations/${id}`, req)
/** Who took part, by industry and city (small groups merged into 其他); only after close. */
export const getRoll = (id: string) => api.get<Roll>(`/consultations/${id}/roll`)

/** The results file (Excel or CSV) with the token: opened (WeChat) or saved (H5). */
export const downloadResults = (id: string, type: 'xlsx' | 'csv', fileName: string) =>
  downloadWithToken(`${API_BASE}/consultations/${id}/results.${type}`, fileName, type)

/** The A4 poster with the consultation's 小程序码, for station walls: opened (WeChat, to print or send on) or saved (H5). */
export const downloadPoster = (id: string, fileName: string) =>
  downloadWithToken(`${API_BASE}/consultations/${id}/poster.pdf`, fileName, 'pdf')
