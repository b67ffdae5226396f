// The official statistics table (附件1) for a region and period, drill-down by city, and its Excel export.
import Taro from '@tarojs/taro'
import type { FormQuery, FormResponse, NewEmploymentResponse, StatisticsPeriodQuery } from '@xst/shared-types'
import { IS_WEAPP, api } from './client'
import { ApiError } from './errors'
import { getToken } from './session'

export const getForm = (q: FormQuery) => api.get<FormResponse>('/statistics/form', { ...q })
export const getNewEmployment = (q: StatisticsPeriodQuery) => api.get<NewEmploymentResponse>('/statistics/new-employment', { ...q })

export type ExportKind = 'form' | 'new-employment'

function exportUrl(kind: ExportKind, q: StatisticsPeriodQuery): string {
  const qs = Object.entries(q)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&')
  return `${API_BASE}/statistics/${kind}.xlsx?${qs}`
}

/** The server's Chinese error from a failed download body (JSON text or ArrayBuffer). */
function errorOf(status: number, body: unknown): ApiError {
  let parsed: unknown = body
  try {
    if (typeof body === 'string') parsed = JSON.parse(body)
    else if (body instanceof ArrayBuffer) parsed = JSON.parse(new TextDecoder().decode(body))
  } catch {
    parsed = null
  }
  return ApiError.fromResponse(status, parsed)
}

/**
 * Downloads the xlsx with the Authorization header. WeChat: downloadFile + openDocument (the user shares or saves it
 * from there). H5: fetch with the token and save through a blob link (a plain link could not carry the header).
 */
export async function downloadXlsx(kind: ExportKind, q: StatisticsPeriodQuery, fileName: string): Promise<void> {
  const url = exportUrl(kind, q)
  const token = getToken()
  const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
  if (IS_WEAPP) {
    let res: Taro.downloadFile.FileSuccessCallbackResult
    try {
      res = await Taro.downloadFile({ url, header, timeout: 60000 })
    } catch {
      throw ApiError.offline()
    }
    if (res.statusCode !== 200) {
      let text: string | null = null
      try {
        text = Taro.getFileSystemManager().readFileSync(res.tempFilePath, 'utf8') as string
      } catch {
        text = null
      }
      throw errorOf(res.statusCode, text)
    }
    await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true })
    return
  }
  let res: Response
  try {
    res = await fetch(url, { headers: header })
  } catch {
    throw ApiError.offline()
  }
  if (!res.ok) throw errorOf(res.status, await res.text().catch(() => null))
  const blob = await res.blob()
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10000)
}
