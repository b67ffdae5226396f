// Drafts on the phone and the offline queue of session records, by concern: storage (per-account keys), the session
// form and its rules, the records kept on the phone, the sync queue, and when it runs by itself.
export { startSessionAutoSync } from './auto-sync'
export {
  type DraftStatus,
  getSessionDraft,
  newSessionDraft,
  onDraftsChange,
  openDraftFor,
  putSessionDraft,
  queueSessionDraft,
  removeSessionDraft,
  type SessionDraft,
  listSessionDrafts,
  unsyncedSessionCount,
} from './session-drafts'
export {
  checkSessionForm,
  emptySessionForm,
  localDate,
  localTime,
  type SessionForm,
  splitTopics,
  type TopicRow,
  toSessionRequest,
} from './session-form'
export { clearDraft, debounced, loadDraft, newClientId, saveDraft } from './storage'
export { isSending, type SyncResult, syncSessionDrafts } from './sync'
