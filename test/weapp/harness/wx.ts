// The `wx` object of one app run, behaving as WeChat's does for every API the app calls, with every call recorded.
// Its state that outlives a run (storage, files, network, the WeChat user, privacy consent) is the Phone's.
import type { MiniApp } from './miniapp.js';

/** What stays on the phone when the app is killed and opened again. */
export class Phone {
  /** Key → JSON text, as WeChat keeps storage. */
  readonly storage = new Map<string, string>();
  /** wxfile:// paths → bytes (downloads, chosen photos). */
  readonly files = new Map<string, Buffer>();
  online = true;
  networkType: 'wifi' | '4g' | 'none' = 'wifi';
  /** The WeChat user: wx.login yields a code the fake WeChat server exchanges for this openid. */
  openid: string;
  /** What wx.login's code is: `ok:<openid>` by default; a journey sets 'bad' to see a refused code. */
  loginCode: () => string;
  privacyAgreed = false;
  /** Privacy guide set in the mini-program's console: privacy APIs need the user's agreement first. */
  privacyRequired = true;
  /** The user's answer to requestSubscribeMessage, per template (default: accept). */
  subscribeAnswer: (tmplId: string) => 'accept' | 'reject' = () => 'accept';
  /** The user's WeChat font size as a factor (设置 → 字体大小, 关怀模式): getAppBaseInfo's fontSizeScaleFactor. */
  fontScale = 1;
  /** The phone's appearance (dark mode), as getAppBaseInfo and getSystemInfo report it. */
  theme: 'light' | 'dark' = 'light';
  /** Photos the user picks in chooseImage/chooseMedia (bytes and extension); empty → the user cancels. */
  photos: { bytes: Buffer; ext: string }[] = [];
  /**
   * The mobile number bound to this WeChat account, or null: a tap on a getPhoneNumber button then fails with
   * "no phone number". Each tap the user allows yields a fresh code (`phone:<number>`, what the fake WeChat server
   * exchanges once at wxa/business/getuserphonenumber); `phoneAllowed: false` is the user tapping 拒绝.
   */
  phoneNumber: string | null = null;
  phoneAllowed = true;
  private fileSeq = 0;

  constructor(openid: string) {
    this.openid = openid;
    this.loginCode = () => `ok:${this.openid}`;
  }

  newTempFile(ext: string, bytes: Buffer): string {
    const p = `wxfile://tmp_${Date.now().toString(36)}${++this.fileSeq}.${ext}`;
    this.files.set(p, bytes);
    return p;
  }

  storageBytes(): number {
    let n = 0;
    for (const [k, v] of this.storage) n += Buffer.byteLength(k) + Buffer.byteLength(v);
    return n;
  }
}

export interface WxCall {
  api: string;
  args: any;
  at: number;
}

const STORAGE_LIMIT = 10 * 1024 * 1024;
const STORAGE_ITEM_LIMIT = 1024 * 1024;
const MAX_PAGES = 10;
const DOC_TYPES = ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'pdf'];
const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0.50 miniProgram';

export const SYSTEM_INFO = {
  brand: 'iPhone',
  model: 'iPhone 13<iPhone14,5>',
  pixelRatio: 3,
  screenWidth: 390,
  screenHeight: 844,
  windowWidth: 390,
  windowHeight: 753,
  statusBarHeight: 47,
  language: 'zh_CN',
  version: '8.0.50',
  system: 'iOS 17.5',
  platform: 'ios',
  fontSizeSetting: 17,
  SDKVersion: '3.5.8',
  benchmarkLevel: -1,
  theme: 'light',
  safeArea: { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 },
};

/**
 * Builds the `wx` object for one run of `app`. `call(api, args)` helpers turn WeChat's callback style
 * (success/fail/complete) into one place; when no callback is given the API returns a Promise, as WeChat does.
 */
export function createWx(app: MiniApp, phone: Phone): Record<string, any> {
  const record = (api: string, args: any) => {
    const entry: WxCall = { api, args: app.clone(args, false), at: Date.now() };
    app.calls.push(entry);
    return entry;
  };

  /** Runs an async API: `work` resolves with the success result or throws { errMsg } (WeChat's fail). */
  const async = (api: string, work: (opts: any) => Promise<any> | any) => {
    return (opts: any = {}) => {
      record(api, strip(opts));
      const hasCallbacks = ['success', 'fail', 'complete'].some((k) => typeof opts?.[k] === 'function');
      const run = (async () => work(opts ?? {}))();
      const settled = run.then(
        (res) => ({ ok: true, res: { errMsg: `${api}:ok`, ...res } }),
        (err) => ({ ok: false, res: typeof err?.errMsg === 'string' ? err : { errMsg: `${api}:fail ${err?.message ?? err}` } }),
      );
      if (!hasCallbacks) {
        return app.servicePromise((resolve, reject) =>
          settled.then(({ ok, res }) => app.deliver(() => (ok ? resolve(app.clone(res)) : reject(app.clone(res))))),
        );
      }
      settled.then(({ ok, res }) =>
        app.deliver(() => {
          const r = app.clone(res);
          if (ok) opts.success?.(r);
          else opts.fail?.(r);
          opts.complete?.(r);
        }),
      );
      return undefined;
    };
  };
  const fail = (api: string, why: string, extra: object = {}) => Object.assign({ errMsg: `${api}:fail ${why}` }, extra);

  const listeners = {
    network: [] as ((res: any) => void)[],
    appShow: [] as ((res: any) => void)[],
    appHide: [] as ((res: any) => void)[],
    privacy: [] as ((resolve: (r: any) => void, event: any) => void)[],
    error: [] as ((msg: string) => void)[],
    unhandled: [] as ((res: any) => void)[],
  };
  app.listeners = listeners;

  // ---- network --------------------------------------------------------------------------------------------------
  const inFlight = new Set<AbortController>();
  const requestTask = (controller: AbortController) =>
    app.serviceObject({
      abort: () => controller.abort(),
      onHeadersReceived: () => undefined,
      offHeadersReceived: () => undefined,
      onChunkReceived: () => undefined,
      offChunkReceived: () => undefined,
    });

  /** WeChat refuses URLs outside the request domains set in the console; here the API's origin maps to loopback. */
  const route = (api: string, url: string) => {
    if (typeof url !== 'string' || !/^https:\/\//.test(url)) throw fail(api, `url not in domain list: ${url}`);
    const u = new URL(url);
    const target = app.domains[u.origin];
    if (!target) throw fail(api, `url not in domain list: ${u.origin}`);
    if (!phone.online) throw fail(api, 'net::ERR_INTERNET_DISCONNECTED', { errno: 600001 });
    return target + u.pathname + u.search;
  };

  const body = (opts: any, headers: Record<string, string>) => {
    const method = String(opts.method ?? 'GET').toUpperCase();
    if (opts.data === undefined || opts.data === null) return { url: '', body: undefined };
    if (method === 'GET') {
      const qs =
        typeof opts.data === 'string'
          ? opts.data
          : Object.entries<any>(opts.data)
              .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'object' ? JSON.stringify(v) : String(v))}`)
              .join('&');
      return { url: qs, body: undefined };
    }
    const type = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? 'application/json';
    if (typeof opts.data === 'string') return { url: '', body: opts.data };
    if (/x-www-form-urlencoded/.test(type)) return { url: '', body: new URLSearchParams(opts.data).toString() };
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    return { url: '', body: JSON.stringify(opts.data) };
  };

  const withTimeout = async <T>(api: string, ms: number, controller: AbortController, work: () => Promise<T>): Promise<T> => {
    const timer = setTimeout(() => controller.abort(new Error('timeout')), ms);
    inFlight.add(controller);
    app.pending++;
    try {
      return await work();
    } catch (e: any) {
      if (e?.errMsg) throw e;
      if (controller.signal.aborted) throw fail(api, controller.signal.reason?.message === 'timeout' ? 'timeout' : 'abort');
      if (!phone.online) throw fail(api, 'net::ERR_INTERNET_DISCONNECTED', { errno: 600001 });
      throw fail(api, e?.cause?.code ?? e?.message ?? 'unknown');
    } finally {
      clearTimeout(timer);
      inFlight.delete(controller);
      app.pending--;
    }
  };
  const responseHeaders = (res: Response) => Object.fromEntries(res.headers.entries());

  const wx: Record<string, any> = {
    env: { USER_DATA_PATH: 'wxfile://usr' },

    // ---- sign-in --------------------------------------------------------------------------------------------------
    login: async('login', async () => {
      if (!phone.online) throw fail('login', 'network error');
      return { code: phone.loginCode() };
    }),
    checkSession: async('checkSession', async () => ({})),

    // ---- HTTP -------------------------------------------------------------------------------------------------------
    request(opts: any = {}) {
      const controller = new AbortController();
      const api = 'request';
      const started = record(api, strip(opts));
      const headers: Record<string, string> = { 'user-agent': UA, referer: 'https://servicewechat.com/wxXST/0/page-frame.html' };
      for (const [k, v] of Object.entries<any>(opts.header ?? {})) headers[k] = String(v);
      const run = (async () => {
        const target = route(api, opts.url);
        const { url: qs, body: payload } = body(opts, headers);
        const url = qs ? `${target}${target.includes('?') ? '&' : '?'}${qs}` : target;
        return withTimeout(api, opts.timeout ?? 60000, controller, async () => {
          const res = await fetch(url, {
            method: String(opts.method ?? 'GET').toUpperCase(),
            headers,
            body: payload,
            signal: controller.signal,
          });
          const text = await res.text();
          let data: any = text;
          if ((opts.dataType ?? 'json') === 'json' && opts.responseType !== 'arraybuffer') {
            try {
              data = text ? JSON.parse(text) : '';
            } catch {
              data = text;
            }
          }
          started.args.statusCode = res.status;
          return { data, statusCode: res.status, header: responseHeaders(res), cookies: [] };
        });
      })();
      run.catch((e) => {
        started.args.errMsg = e?.errMsg ?? String(e);
      });
      deliverCallbacks(api, opts, run);
      return requestTask(controller);
    },

    uploadFile(opts: any = {}) {
      const controller = new AbortController();
      const api = 'uploadFile';
      record(api, strip(opts));
      const run = (async () => {
        const target = route(api, opts.url);
        const bytes = phone.files.get(opts.filePath);
        if (!bytes) throw fail(api, `file not found: ${opts.filePath}`);
        return withTimeout(api, opts.timeout ?? 60000, controller, async () => {
          const form = new FormData();
          for (const [k, v] of Object.entries<any>(opts.formData ?? {})) form.append(k, String(v));
          const name = String(opts.filePath).replace(/^.*\//, '');
          form.append(opts.name ?? 'file', new Blob([bytes]), name);
          const headers: Record<string, string> = { 'user-agent': UA };
          for (const [k, v] of Object.entries<any>(opts.header ?? {})) if (k.toLowerCase() !== 'content-type') headers[k] = String(v);
          const res = await fetch(target, { method: 'POST', headers, body: form, signal: controller.signal });
          return { data: await res.text(), statusCode: res.status };
        });
      })();
      deliverCallbacks(api, opts, run);
      return requestTask(controller);
    },

    downloadFile(opts: any = {}) {
      const controller = new AbortController();
      const api = 'downloadFile';
      record(api, strip(opts));
      const run = (async () => {
        const target = route(api, opts.url);
        return withTimeout(api, opts.timeout ?? 60000, controller, async () => {
          const headers: Record<string, string> = { 'user-agent': UA };
          for (const [k, v] of Object.entries<any>(opts.header ?? {})) headers[k] = String(v);
          const res = await fetch(target, { headers, signal: controller.signal });
          const bytes = Buffer.from(await res.arrayBuffer());
          const type = res.headers.get('content-type') ?? '';
          const ext = /spreadsheet/.test(type)
            ? 'xlsx'
            : /wordprocessing/.test(type)
              ? 'docx'
              : /pdf/.test(type)
                ? 'pdf'
                : /json/.test(type)
                  ? 'json'
                  : /csv/.test(type)
                    ? 'csv'
                    : /png/.test(type)
                      ? 'png'
                      : /jpe?g/.test(type)
                        ? 'jpg'
                        : 'bin';
          const tempFilePath = phone.newTempFile(ext, bytes);
          return { tempFilePath, statusCode: res.status };
        });
      })();
      deliverCallbacks(api, opts, run);
      return requestTask(controller);
    },

    getFileSystemManager() {
      const need = (api: string, p: string) => {
        const b = phone.files.get(p);
        if (!b) throw app.serviceError(`${api}:fail no such file or directory, open ${p}`);
        return b;
      };
      return app.serviceObject({
        readFileSync: (p: string, encoding?: string) => {
          record('FileSystemManager.readFileSync', { filePath: p, encoding });
          const b = need('readFileSync', p);
          return encoding ? b.toString(encoding as BufferEncoding) : app.arrayBuffer(b);
        },
        writeFileSync: (p: string, data: any, encoding?: string) => {
          record('FileSystemManager.writeFileSync', { filePath: p, encoding });
          phone.files.set(p, typeof data === 'string' ? Buffer.from(data, (encoding as BufferEncoding) ?? 'utf8') : Buffer.from(data));
        },
        accessSync: (p: string) => void need('accessSync', p),
        unlinkSync: (p: string) => void phone.files.delete(p),
        getFileInfo: (o: any) => {
          const b = phone.files.get(o?.filePath);
          if (b) o?.success?.(app.clone({ size: b.length, errMsg: 'getFileInfo:ok' }));
          else o?.fail?.(app.clone({ errMsg: 'getFileInfo:fail file not exist' }));
        },
      });
    },

    // ---- storage ----------------------------------------------------------------------------------------------------
    setStorageSync(key: string, data: any) {
      record('setStorageSync', { key });
      storageSet('setStorageSync', key, data);
    },
    getStorageSync(key: string) {
      record('getStorageSync', { key });
      const v = phone.storage.get(String(key));
      return v === undefined ? '' : app.parse(v);
    },
    removeStorageSync(key: string) {
      record('removeStorageSync', { key });
      phone.storage.delete(String(key));
    },
    clearStorageSync() {
      record('clearStorageSync', {});
      phone.storage.clear();
    },
    getStorageInfoSync() {
      record('getStorageInfoSync', {});
      return app.clone({
        keys: [...phone.storage.keys()],
        currentSize: Math.ceil(phone.storageBytes() / 1024),
        limitSize: STORAGE_LIMIT / 1024,
      });
    },
    setStorage: async('setStorage', async (o) => {
      storageSet('setStorage', o.key, o.data);
      return {};
    }),
    getStorage: async('getStorage', async (o) => {
      const v = phone.storage.get(String(o.key));
      if (v === undefined) throw fail('getStorage', 'data not found');
      return { data: JSON.parse(v).v };
    }),
    removeStorage: async('removeStorage', async (o) => {
      phone.storage.delete(String(o.key));
      return {};
    }),
    clearStorage: async('clearStorage', async () => {
      phone.storage.clear();
      return {};
    }),
    getStorageInfo: async('getStorageInfo', async () => ({
      keys: [...phone.storage.keys()],
      currentSize: Math.ceil(phone.storageBytes() / 1024),
      limitSize: STORAGE_LIMIT / 1024,
    })),

    // ---- network state ------------------------------------------------------------------------------------------------
    getNetworkType: async('getNetworkType', async () => ({ networkType: phone.online ? phone.networkType : 'none' })),
    onNetworkStatusChange(cb: (res: any) => void) {
      record('onNetworkStatusChange', {});
      listeners.network.push(cb);
    },
    offNetworkStatusChange(cb?: (res: any) => void) {
      record('offNetworkStatusChange', {});
      listeners.network.splice(0, listeners.network.length, ...(cb ? listeners.network.filter((l) => l !== cb) : []));
    },

    // ---- feedback -------------------------------------------------------------------------------------------------------
    showToast: async('showToast', async (o) => {
      if (typeof o.title !== 'string' || !o.title) throw fail('showToast', 'parameter error: parameter.title should be String');
      app.toasts.push({ title: o.title, icon: o.icon ?? 'success', at: Date.now() });
      return {};
    }),
    hideToast: async('hideToast', async () => ({})),
    showLoading: async('showLoading', async (o) => {
      app.loading = o.title ?? '';
      return {};
    }),
    hideLoading: async('hideLoading', async () => {
      app.loading = null;
      return {};
    }),
    showModal: async('showModal', (o) => {
      // WeChat refuses button texts longer than 4 Chinese characters.
      for (const k of ['confirmText', 'cancelText'] as const) {
        if (o[k] && [...String(o[k])].length > 4) throw fail('showModal', `${k} length should not larger than 4 Chinese characters`);
      }
      return app.openDialog('modal', {
        title: o.title ?? '',
        content: o.content ?? '',
        showCancel: o.showCancel !== false,
        confirmText: o.confirmText ?? '确定',
        cancelText: o.cancelText ?? '取消',
        editable: !!o.editable,
      });
    }),
    showActionSheet: async('showActionSheet', (o) => {
      const items = o.itemList ?? [];
      if (!Array.isArray(items) || !items.length) throw fail('showActionSheet', 'parameter error: parameter.itemList should be Array');
      if (items.length > 6) throw fail('showActionSheet', 'parameter error: itemList should not be large than 6');
      return app.openDialog('actionSheet', { itemList: items.map(String) });
    }),

    // ---- navigation -----------------------------------------------------------------------------------------------------
    navigateTo: async('navigateTo', (o) => app.navigate('navigateTo', o.url)),
    redirectTo: async('redirectTo', (o) => app.navigate('redirectTo', o.url)),
    switchTab: async('switchTab', (o) => app.navigate('switchTab', o.url)),
    reLaunch: async('reLaunch', (o) => app.navigate('reLaunch', o.url)),
    navigateBack: async('navigateBack', (o) => app.back(o.delta ?? 1)),
    startPullDownRefresh: async('startPullDownRefresh', async () => {
      app.pullDownActive = true;
      return {};
    }),
    stopPullDownRefresh: async('stopPullDownRefresh', async () => {
      app.pullDownActive = false;
      return {};
    }),
    pageScrollTo: async('pageScrollTo', async () => ({})),
    setNavigationBarTitle: async('setNavigationBarTitle', async (o) => {
      app.setTitle(String(o.title ?? ''));
      return {};
    }),
    setNavigationBarColor: async('setNavigationBarColor', async () => ({})),
    showNavigationBarLoading: async('showNavigationBarLoading', async () => ({})),
    hideNavigationBarLoading: async('hideNavigationBarLoading', async () => ({})),
    setTabBarBadge: async('setTabBarBadge', async () => ({})),
    removeTabBarBadge: async('removeTabBarBadge', async () => ({})),
    showTabBarRedDot: async('showTabBarRedDot', async () => ({})),
    hideTabBarRedDot: async('hideTabBarRedDot', async () => ({})),

    // ---- subscribe messages ---------------------------------------------------------------------------------------------
    requestSubscribeMessage: async('requestSubscribeMessage', async (o) => {
      if (!app.inTap) throw fail('requestSubscribeMessage', 'can only be invoked by user TAP gesture.', { errCode: 20004 });
      const ids = o.tmplIds;
      if (!Array.isArray(ids) || !ids.length)
        throw fail('requestSubscribeMessage', 'parameter error: parameter.tmplIds should be Array', { errCode: 10001 });
      if (ids.length > 3) throw fail('requestSubscribeMessage', 'Templates count out of max bounds', { errCode: 20003 });
      const res: Record<string, string> = {};
      for (const id of ids) res[String(id)] = phone.subscribeAnswer(String(id));
      app.subscriptions.push(res);
      // WeChat itself learns the choice from its dialog, not from the app: the fake WeChat is told here.
      const fake = process.env.XST_FAKE_WECHAT;
      if (fake) {
        await fetch(`${fake}/__fake/subscribe`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ openid: phone.openid, results: res }),
        });
      }
      return res;
    }),

    // ---- privacy (enforced since 2023-10-17) --------------------------------------------------------------------------
    getPrivacySetting: async('getPrivacySetting', async () => ({
      needAuthorization: phone.privacyRequired && !phone.privacyAgreed,
      privacyContractName: '《协商通小程序隐私保护指引》',
    })),
    requirePrivacyAuthorize: async('requirePrivacyAuthorize', () => privacyGate('requirePrivacyAuthorize')),
    openPrivacyContract: async('openPrivacyContract', async () => {
      app.openedPrivacyContract++;
      return {};
    }),
    onNeedPrivacyAuthorization(listener: any) {
      record('onNeedPrivacyAuthorization', {});
      listeners.privacy.splice(0, listeners.privacy.length, listener);
    },

    // ---- media and documents --------------------------------------------------------------------------------------------
    chooseImage: async('chooseImage', async (o) => {
      await privacyGate('chooseImage');
      const picked = pick('chooseImage', o.count ?? 9);
      return { tempFilePaths: picked.map((p) => p.tempFilePath), tempFiles: picked.map((p) => ({ path: p.tempFilePath, size: p.size })) };
    }),
    chooseMedia: async('chooseMedia', async (o) => {
      await privacyGate('chooseMedia');
      const picked = pick('chooseMedia', o.count ?? 9);
      return { type: 'image', tempFiles: picked.map((p) => ({ tempFilePath: p.tempFilePath, size: p.size, fileType: 'image' })) };
    }),
    chooseMessageFile: async('chooseMessageFile', async (o) => {
      const picked = pick('chooseMessageFile', o.count ?? 1);
      return {
        tempFiles: picked.map((p) => ({ path: p.tempFilePath, size: p.size, name: p.tempFilePath.replace(/^.*\//, ''), type: 'file' })),
      };
    }),
    previewImage: async('previewImage', async (o) => {
      if (!Array.isArray(o.urls) || !o.urls.length) throw fail('previewImage', 'parameter error: parameter.urls should be Array');
      return {};
    }),
    openDocument: async('openDocument', async (o) => {
      const bytes = phone.files.get(o.filePath);
      if (!bytes) throw fail('openDocument', `file not found: ${o.filePath}`);
      const type = o.fileType ?? String(o.filePath).replace(/^.*\./, '');
      if (!DOC_TYPES.includes(type)) throw fail('openDocument', `filetype not supported: ${type}`);
      app.documents.push({ filePath: o.filePath, fileType: type, bytes });
      return {};
    }),
    shareFileMessage: async('shareFileMessage', async (o) => {
      if (!phone.files.has(o.filePath)) throw fail('shareFileMessage', `file not found: ${o.filePath}`);
      return {};
    }),
    saveFile: async('saveFile', async (o) => ({ savedFilePath: o.tempFilePath })),

    // ---- device and app info ------------------------------------------------------------------------------------------
    getSystemInfoSync: () => {
      record('getSystemInfoSync', {});
      return app.clone({ ...SYSTEM_INFO, theme: phone.theme, fontSizeSetting: Math.round(SYSTEM_INFO.fontSizeSetting * phone.fontScale) });
    },
    getSystemInfo: async('getSystemInfo', async () => SYSTEM_INFO),
    getSystemInfoAsync: async('getSystemInfoAsync', async () => SYSTEM_INFO),
    getWindowInfo: () =>
      app.clone({ pixelRatio: 3, screenWidth: 390, screenHeight: 844, windowWidth: 390, windowHeight: 753, statusBarHeight: 47 }),
    getDeviceInfo: () =>
      app.clone({ brand: 'iPhone', model: SYSTEM_INFO.model, system: SYSTEM_INFO.system, platform: 'ios', benchmarkLevel: -1 }),
    getAppBaseInfo: () => {
      record('getAppBaseInfo', {});
      return app.clone({
        SDKVersion: SYSTEM_INFO.SDKVersion,
        version: SYSTEM_INFO.version,
        language: 'zh_CN',
        theme: phone.theme,
        fontSizeScaleFactor: phone.fontScale,
        fontSizeSetting: Math.round(SYSTEM_INFO.fontSizeSetting * phone.fontScale),
        enableDebug: false,
        host: { env: 'WeChat' },
      });
    },
    getAppAuthorizeSetting: () => app.clone({ albumAuthorized: 'authorized', cameraAuthorized: 'authorized' }),
    getAccountInfoSync: () => app.clone({ miniProgram: { appId: 'wxXST', envVersion: 'release', version: '1.0.0' } }),
    getLaunchOptionsSync: () => app.clone(app.launchOptions),
    getEnterOptionsSync: () => app.clone(app.launchOptions),
    getMenuButtonBoundingClientRect: () => app.clone({ width: 87, height: 32, top: 51, right: 380, bottom: 83, left: 293 }),
    canIUse: () => true,
    nextTick: (fn: () => void) => app.deliver(fn),
    getUpdateManager: () =>
      app.serviceObject({
        onCheckForUpdate: () => undefined,
        onUpdateReady: () => undefined,
        onUpdateFailed: () => undefined,
        applyUpdate: () => undefined,
      }),
    reportAnalytics: () => undefined,
    vibrateShort: async('vibrateShort', async () => ({})),
    setClipboardData: async('setClipboardData', async (o) => {
      app.clipboard = String(o.data ?? '');
      return {};
    }),
    makePhoneCall: async('makePhoneCall', async () => ({})),
    createSelectorQuery: () => app.selectorQuery(),
    onAppShow: (cb: any) => listeners.appShow.push(cb),
    offAppShow: (cb: any) => listeners.appShow.splice(listeners.appShow.indexOf(cb) >>> 0, 1),
    onAppHide: (cb: any) => listeners.appHide.push(cb),
    offAppHide: (cb: any) => listeners.appHide.splice(listeners.appHide.indexOf(cb) >>> 0, 1),
    onError: (cb: any) => listeners.error.push(cb),
    offError: (cb: any) => listeners.error.splice(listeners.error.indexOf(cb) >>> 0, 1),
    onUnhandledRejection: (cb: any) => listeners.unhandled.push(cb),
    offUnhandledRejection: (cb: any) => listeners.unhandled.splice(listeners.unhandled.indexOf(cb) >>> 0, 1),
    onPageNotFound: () => undefined,
    onMemoryWarning: () => undefined,
  };

  function storageSet(api: string, key: string, data: any) {
    if (typeof key !== 'string' || !key)
      throw app.serviceError(`${api}:fail parameter error: parameter.key should be String instead of ${typeof key};`);
    // WeChat keeps native types and what JSON.stringify can serialize.
    const text = JSON.stringify({ v: data === undefined ? null : data });
    if (Buffer.byteLength(text) > STORAGE_ITEM_LIMIT) throw app.serviceError(`${api}:fail exceed max size of a single key: 1MB`);
    const before = phone.storage.get(key);
    const after =
      phone.storageBytes() -
      (before === undefined ? 0 : Buffer.byteLength(key) + Buffer.byteLength(before)) +
      Buffer.byteLength(key) +
      Buffer.byteLength(text);
    if (after > STORAGE_LIMIT) throw app.serviceError(`${api}:fail exceed storage max size 10MB`);
    phone.storage.set(key, text);
  }

  function pick(api: string, count: number) {
    if (!phone.photos.length) throw fail(api, 'cancel');
    return phone.photos.slice(0, count).map((p) => ({ tempFilePath: phone.newTempFile(p.ext, p.bytes), size: p.bytes.length }));
  }

  /** A privacy API before the user agreed: the app's onNeedPrivacyAuthorization decides; without one, WeChat refuses. */
  async function privacyGate(api: string): Promise<any> {
    if (!phone.privacyRequired || phone.privacyAgreed) return {};
    const listener = listeners.privacy[0];
    if (!listener) throw fail(api, 'privacy permission is not authorized', { errno: 104 });
    const answer = await new Promise<any>((resolve) => {
      app.privacyResolve = resolve;
      app.deliver(() => listener((r: any) => resolve(r ?? {}), app.clone({ referrer: api })));
    });
    app.privacyResolve = null;
    if (answer?.event === 'agree' || phone.privacyAgreed) {
      phone.privacyAgreed = true;
      return {};
    }
    throw fail(api, 'privacy permission is not authorized', { errno: 104 });
  }

  function deliverCallbacks(api: string, opts: any, run: Promise<any>) {
    run.then(
      (res) =>
        app.deliver(() => {
          const r = app.clone({ errMsg: `${api}:ok`, ...res });
          opts.success?.(r);
          opts.complete?.(r);
        }),
      (err) =>
        app.deliver(() => {
          const r = app.clone(err?.errMsg ? err : { errMsg: `${api}:fail ${err?.message ?? err}` });
          opts.fail?.(r);
          opts.complete?.(r);
        }),
    );
  }

  app.abortAll = () => {
    for (const c of inFlight) c.abort();
  };
  return wx;
}

export { MAX_PAGES };

/** Call arguments without callbacks, for the record. */
function strip(opts: any) {
  if (!opts || typeof opts !== 'object') return opts;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) if (typeof v !== 'function') out[k] = v;
  return out;
}
