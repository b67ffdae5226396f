// Pages of the staff subpackage that other pages open.
export const ORG_ROUTES = {
  list: '/pkg-admin/orgs/index',
  /** The form: a new organization (of `type`), or the one of `id`. */
  form: (id?: string, type?: string) =>
    id ? `/pkg-admin/org-form/index?id=${id}` : `/pkg-admin/org-form/index${type ? `?type=${type}` : ''}`,
}
