// Negotiation sessions, their publication to workers, and the worker's view of them (issue 5).
import type {
  CreateSessionRequest,
  FeedbackRequest,
  Invitation,
  ListSessionsQuery,
  NegotiationProgress,
  NegotiationSession,
  Page,
  PageQuery,
  Publication,
  PublishOutcomeRequest,
  PublishRequest,
  SessionCounts,
  UpdateSessionRequest,
} from '@xst/shared-types'
import { api } from './client'

/** Invitations the other side accepted: the ones a session can be logged on. */
export const listAcceptedInvitations = () => api.get<Page<Invitation>>('/invitations', { status: 'accepted' }).then((p) => p.items)

/** Idempotent on `clientId`: 201 for a new record, 200 with the same record when re-sent. */
export const createSession = (invitationId: string, req: CreateSessionRequest) =>
  api.post<NegotiationSession>(`/invitations/${invitationId}/sessions`, req)
export const listInvitationSessions = (invitationId: string) => api.get<NegotiationSession[]>(`/invitations/${invitationId}/sessions`)
/** The organizer's region, newest first; `unpublishedOnly` keeps those whose minutes are not out yet. */
export const listSessions = (unpublishedOnly = false, page: PageQuery = {}) => {
  const q: ListSessionsQuery = { ...(unpublishedOnly ? { unpublishedOnly: 'true' } : {}), ...page }
  return api.get<Page<NegotiationSession>>('/sessions', { ...q })
}
/** What the 工作台 shows on 协商会议: sessions whose minutes are not published yet (待公开). */
export const getSessionCounts = () => api.get<SessionCounts>('/sessions/counts')
export const getSession = (id: string) => api.get<NegotiationSession>(`/sessions/${id}`)
export const updateSession = (id: string, req: UpdateSessionRequest) => api.patch<NegotiationSession>(`/sessions/${id}`, req)
export const publishSession = (id: string, req: PublishRequest) => api.post<Publication>(`/sessions/${id}/publish`, req)
export const publishOutcome = (invitationId: string, req: PublishOutcomeRequest) =>
  api.post<Publication>(`/invitations/${invitationId}/publications`, req)
export const listPublications = (invitationId: string) => api.get<Publication[]>(`/invitations/${invitationId}/publications`)

// Workers
export const listNegotiations = () => api.get<NegotiationProgress[]>('/negotiations')
export const giveFeedback = (publicationId: string, req: FeedbackRequest) =>
  api.put<Publication>(`/publications/${publicationId}/feedback`, req)
