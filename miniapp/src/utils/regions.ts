// Region names from the public /api/regions tree, cached for the session (the tree never changes while the app runs).
import type { Region } from '@xst/shared-types'
import { listRegions } from '../api/identity'

const cache = new Map<string, Promise<Region[]>>()

export function childrenOf(parent?: string | null): Promise<Region[]> {
  const key = parent ?? ''
  let p = cache.get(key)
  if (!p) {
    p = listRegions(parent ?? undefined)
    p.catch(() => cache.delete(key))
    cache.set(key, p)
  }
  return p
}

/** The GB/T 2260 ancestors of a code, top first, including itself: 510104 → [510000, 510100, 510104]. */
export function chainOf(code: string): string[] {
  const province = `${code.slice(0, 2)}0000`
  const city = `${code.slice(0, 4)}00`
  return Array.from(new Set([province, city, code]))
}

/** '四川省 成都市 锦江区' for 510104; falls back to the code when the tree cannot be read. */
export async function regionFullName(code: string): Promise<string> {
  try {
    const chain = chainOf(code)
    const names: string[] = []
    let parent: string | null = null
    for (const c of chain) {
      const found = (await childrenOf(parent)).find((r) => r.code === c)
      if (found) names.push(found.name)
      parent = c
    }
    return names.length ? names.join(' ') : code
  } catch {
    return code
  }
}
