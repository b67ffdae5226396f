// Collective contracts: record one or a "1+3" package, list them with expiry filters, attach photos of signed pages.
import Taro from '@tarojs/taro'
import type {
  Contract,
  ContractAttachment,
  CreateContractPackageRequest,
  CreateContractRequest,
  ListContractsQuery,
  ListOrganizationsQuery,
  Organization,
  Page,
} from '@xst/shared-types'
import { api } from './client'
import { ApiError } from './errors'
import { getToken } from './session'

export const listContracts = (q: ListContractsQuery = {}) => api.get<Page<Contract>>('/contracts', { ...q })
export const getContract = (id: string) => api.get<Contract>(`/contracts/${id}`)
export const createContract = (req: CreateContractRequest) => api.post<Contract>('/contracts', req)
/** The four contracts of a "1+3" package in one step; each is counted on its own. */
export const createContractPackage = (req: CreateContractPackageRequest) => api.post<Contract[]>('/contracts/package', req)

/** Parties a contract can name: organizations the caller may see, searched by name. */
export const listOrganizations = (q: ListOrganizationsQuery = {}) =>
  api.get<Page<Organization>>('/organizations', { ...q }).then((p) => p.items)

/** Uploads one photo (a temp file path from Taro.chooseMedia) as multipart field `file`. */
export async function uploadAttachment(contractId: string, filePath: string): Promise<ContractAttachment> {
  const header: Record<string, string> = {}
  const token = getToken()
  if (token) header.Authorization = `Bearer ${token}`
  let res: Taro.uploadFile.SuccessCallbackResult
  try {
    res = await Taro.uploadFile({ url: `${API_BASE}/contracts/${contractId}/attachments`, filePath, name: 'file', header, timeout: 60000 })
  } catch {
    throw ApiError.offline()
  }
  let body: unknown = res.data
  try {
    body = typeof res.data === 'string' ? JSON.parse(res.data) : res.data
  } catch {
    // Not JSON: the status decides.
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return body as ContractAttachment
  throw ApiError.fromResponse(res.statusCode, body)
}

/** Where a photo already uploaded can be fetched (needs the Authorization header). */
export const attachmentUrl = (contractId: string, attachmentId: string) => `${API_BASE}/contracts/${contractId}/attachments/${attachmentId}`
