// The registry of unions, enterprises and associations: staff list, register and correct the ones of their region.
import type { CreateOrganizationRequest, ListOrganizationsQuery, Organization, Page, UpdateOrganizationRequest } from '@xst/shared-types'
import { api } from './client'

export const listOrganizations = (q: ListOrganizationsQuery = {}) => api.get<Page<Organization>>('/organizations', { ...q })
export const getOrganization = (id: string) => api.get<Organization>(`/organizations/${id}`)
export const createOrganization = (req: CreateOrganizationRequest) => api.post<Organization>('/organizations', req)
export const updateOrganization = (id: string, req: UpdateOrganizationRequest) => api.patch<Organization>(`/organizations/${id}`, req)
