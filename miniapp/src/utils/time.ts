// Times as a rider reads them: '3月5日 18:00', '还剩 2 天 5 小时'.
const pad = (n: number) => String(n).padStart(2, '0')

export function formatDateTime(iso: string): string {
  const d = new Date(iso)
  return `${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

export function formatDate(iso: string): string {
  const d = new Date(iso)
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`
}

/** A calendar day 'YYYY-MM-DD' (a legal deadline's last day, as the server counts it) → '2024年3月5日'. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** The time left until `iso`: days and hours, hours and minutes, or minutes; '' once past. */
export function remaining(iso: string, now: number): string {
  const ms = new Date(iso).getTime() - now
  if (ms <= 0) return ''
  const min = Math.floor(ms / 60000)
  const days = Math.floor(min / 1440)
  const hours = Math.floor((min % 1440) / 60)
  const mins = min % 60
  if (days > 0) return hours > 0 ? `${days} 天 ${hours} 小时` : `${days} 天`
  if (hours > 0) return `${hours} 小时 ${mins} 分`
  return mins > 0 ? `${mins} 分钟` : '不到 1 分钟'
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86400000)
}
