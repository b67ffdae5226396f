// The official statistics table (附件1) for a region and period, drill-down by city, and its Excel export.
import type { CongressFigures, FormQuery, FormResponse, NewEmploymentResponse, StatisticsPeriodQuery } from '@xst/shared-types'
import { api } from './client'
import { downloadWithToken } from './download'

export const getForm = (q: FormQuery) => api.get<FormResponse>('/statistics/form', { ...q })
/** The workers' congress (held, adopted, attendance and approval) beside workers' awareness and satisfaction. */
export const getCongressFigures = (q: StatisticsPeriodQuery) => api.get<CongressFigures>('/statistics/congress', { ...q })
export const getNewEmployment = (q: StatisticsPeriodQuery) => api.get<NewEmploymentResponse>('/statistics/new-employment', { ...q })

/** 附件1 whole, its section 二, or the ledger 附件2 (one row per enterprise, as of the period's end). */
export type ExportKind = 'form' | 'new-employment' | 'ledger'

function exportUrl(kind: ExportKind, q: StatisticsPeriodQuery): string {
  const qs = Object.entries(q)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&')
  return `${API_BASE}/statistics/${kind}.xlsx?${qs}`
}

/** Downloads the xlsx with the Authorization header (see downloadWithToken). */
export function downloadXlsx(kind: ExportKind, q: StatisticsPeriodQuery, fileName: string): Promise<void> {
  return downloadWithToken(exportUrl(kind, q), fileName, 'xlsx')
}
