// Downloads a file the server only gives with the Authorization header (exports of organizers and admins).
import Taro from '@tarojs/taro'
import { ApiError } from './errors'
import { getToken } from './session'

export type DownloadType = 'xlsx' | 'csv' | 'pdf' | 'json' | 'docx' | 'zip'

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
 * Downloads `url` (API_BASE included) with the token. WeChat: downloadFile, then openDocument for xlsx and pdf (the user
 * shares or saves it from there) or, for csv which openDocument cannot show, sends it to a chat with
 * shareFileMessage. H5: fetch with the token and save through a blob link (a plain link could not carry the header).
 */
export async function downloadWithToken(url: string, fileName: string, type: DownloadType = 'xlsx'): Promise<void> {
  const token = getToken()
  const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
  // TARO_ENV is replaced at build time: the weapp build keeps this branch only (fetch and blob links are H5's).
  if (process.env.TARO_ENV === 'weapp') {
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
    if (type === 'xlsx' || type === 'docx' || type === 'pdf') {
      await Taro.openDocument({ filePath: res.tempFilePath, fileType: type, showMenu: true })
      return
    }
    // Sharing a file needs a tap: the modal's button is that tap.
    const { confirm } = await Taro.showModal({
      title: '文件已下载',
      content:
        type === 'json'
          ? '请把文件发送到微信聊天（例如文件传输助手）保存。'
          : type === 'zip'
            ? '压缩包请发送到微信聊天，再在电脑上打开。'
            : 'CSV 文件请发送到微信聊天，再在电脑上打开。',
      confirmText: '发送',
      cancelText: '取消',
    })
    if (!confirm) return
    try {
      await Taro.shareFileMessage({ filePath: res.tempFilePath, fileName })
    } catch (e) {
      if (/cancel/i.test(String((e as { errMsg?: string })?.errMsg ?? ''))) return
      throw new ApiError('http', 0, 'share_failed', type === 'json' ? '没能发送文件，请稍后再试' : '没能发送文件，请改用导出 Excel')
    }
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
