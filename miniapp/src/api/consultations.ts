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
} from '@xst/shared-types'
import { api } from './client'

export const listConsultations = (q: ListConsultationsQuery = {}) => api.get<Consultation[]>('/consultations', { ...q })
export const getConsultation = (id: string) => api.get<Consultation>(`/consultations/${id}`)
export const submitBallot = (id: string, req: BallotRequest) => api.put<BallotReceipt>(`/consultations/${id}/ballot`, req)
export const getResults = (id: string) => api.get<ConsultationResults>(`/consultations/${id}/results`)

// Organizer / admin
export const getCatalog = () => api.get<CatalogTopic[]>('/topics/catalog')
export const createConsultation = (req: CreateConsultationRequest) => api.post<Consultation>('/consultations', req)
export const closeConsultation = (id: string) => api.post<Consultation>(`/consultations/${id}/close`)
export const extendConsultation = (id: string, req: ExtendConsultationRequest) => api.post<Consultation>(`/consultations/${id}/extend`, req)
export const getParticipation = (id: string) => api.get<Participation>(`/consultations/${id}/participation`)
