// Workers' petitions (职工联署要约): the worker signs or withdraws with one tap; organizers send the invitation from one.
import type {
  Invitation,
  ListPetitionsQuery,
  Petition,
  PetitionEmployer,
  PetitionFigures,
  PetitionFiguresQuery,
  PetitionInvitationRequest,
  StartPetitionRequest,
} from '@xst/shared-types'
import { api } from './client'

export const listPetitions = (q: ListPetitionsQuery = {}) => api.get<Petition[]>('/petitions', { ...q })
export const getPetition = (id: string) => api.get<Petition>(`/petitions/${id}`)
export const listPetitionEmployers = () => api.get<PetitionEmployer[]>('/petitions/employers')
export const startPetition = (req: StartPetitionRequest) => api.post<Petition>('/petitions', req)
export const signPetition = (id: string) => api.put<Petition>(`/petitions/${id}/signature`)
export const withdrawSignature = (id: string) => api.delete<Petition>(`/petitions/${id}/signature`)
export const invitePetition = (id: string, req: PetitionInvitationRequest) => api.post<Invitation>(`/petitions/${id}/invitation`, req)
export const getPetitionFigures = (q: PetitionFiguresQuery = {}) => api.get<PetitionFigures>('/petitions/figures', { ...q })
