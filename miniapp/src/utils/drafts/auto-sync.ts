// When to sync without being asked: the network comes back, every 30 s while something waits.
import Taro from '@tarojs/taro'
import { IS_WEAPP } from '../../api/client'
import { listSessionDrafts } from './session-drafts'
import { syncSessionDrafts } from './sync'

let autoSyncStarted = false

/**
 * Syncs when the network comes back (Taro.onNetworkStatusChange; in H5 also the window's `online` event, which
 * Chromium fires reliably), and every 30 s while something waits. Pages call it on show; it registers once.
 */
export function startSessionAutoSync(): void {
  if (autoSyncStarted) return
  autoSyncStarted = true
  const kick = () => {
    if (unsyncedQueued() > 0) void syncSessionDrafts()
  }
  try {
    Taro.onNetworkStatusChange((res) => {
      if (res.isConnected) kick()
    })
  } catch {
    // Not supported here: the other triggers still work.
  }
  if (!IS_WEAPP && typeof window !== 'undefined') window.addEventListener('online', kick)
  setInterval(kick, 30000)
}

const unsyncedQueued = () => listSessionDrafts().filter((d) => d.status === 'queued').length
