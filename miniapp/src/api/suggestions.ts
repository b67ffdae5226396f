// The workers' suggestions of a consultation as groups: read (published only), search, merge, files, and the topic
// a group can become in the next consultation.
import type {
  MergeSuggestionsRequest,
  SuggestionGroup,
  SuggestionGroupsPage,
  SuggestionsQuery,
  SuggestionTextsPage,
} from '@xst/shared-types'
import { api } from './client'
import { downloadWithToken } from './download'

export const listSuggestionGroups = (id: string, q: SuggestionsQuery = {}) =>
  api.get<SuggestionGroupsPage>(`/consultations/${id}/suggestions`, { ...q })
export const listGroupTexts = (id: string, groupId: string, q: { cursor?: string; limit?: number } = {}) =>
  api.get<SuggestionTextsPage>(`/consultations/${id}/suggestions/groups/${groupId}`, { ...q })
export const mergeSuggestionGroups = (id: string, req: MergeSuggestionsRequest) =>
  api.post<SuggestionGroup>(`/consultations/${id}/suggestions/merge`, req)
export const downloadSuggestions = (id: string, type: 'xlsx' | 'csv', fileName: string) =>
  downloadWithToken(`${API_BASE}/consultations/${id}/suggestions/export.${type}`, fileName, type)
