// Routes of the congress subpackage: drafts, calling a congress, running it, recording the adopted contract.
export const CONGRESS_ROUTES = {
  list: '/pkg-congress/list/index',
  newDraft: (sessionId: string) => `/pkg-congress/draft/index?sessionId=${sessionId}`,
  draft: (id: string) => `/pkg-congress/draft/index?id=${id}`,
  call: (draftId: string) => `/pkg-congress/congress-form/index?draftId=${draftId}`,
  congress: (id: string) => `/pkg-congress/congress/index?id=${id}`,
  record: (id: string) => `/pkg-congress/record/index?id=${id}`,
}
