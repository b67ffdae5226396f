// One run of the built mini-program: its own JavaScript (app.js, taro.js, vendors, page and subpackage bundles) in a
// Node vm context shaped like WeChat's JS thread (App, Page, Component, getApp, getCurrentPages, wx, timers, console,
// and no window/document/fetch), its pages rendered by the render layer, and a person's hands: tap, type, pick,
// pull down, go back, send the app to the background, kill it and open it again.
import vm from 'node:vm';
import type { PlainEvent, PageView, ViewNode } from './view.js';
import { RenderLayer } from './view.js';
import { DEFAULT_PACKAGE, WeappPackage } from './package.js';
import { createWx, MAX_PAGES, Phone, type WxCall } from './wx.js';

const packages = new Map<string, WeappPackage>();
function packageAt(dir: string) {
  let p = packages.get(dir);
  if (!p) {
    p = new WeappPackage(dir);
    packages.set(dir, p);
  }
  return p;
}

export interface OpenAppOptions {
  /** The real server (http://127.0.0.1:port); requests to the build's API origin go there. */
  server: string;
  /** The API origin baked into the weapp build (TARO_APP_API); default https://api.example.cn. */
  apiOrigin?: string;
  /** The WeChat user on this phone (the openid the fake WeChat server answers for wx.login's code). */
  openid?: string;
  /** The page WeChat opens, with its query: a subscribe message's `page`, a shared card, a QR code. */
  path?: string;
  /** Launch scene: 1001 (from the list), 1014 (subscribe message), 1007 (shared card), 1047 (QR code). */
  scene?: number;
  /** A phone that already has the app's storage (to open the app on the same phone again). */
  phone?: Phone;
  /** The built package; default miniapp/dist/weapp. */
  dir?: string;
}

interface PageInstance {
  route: string;
  query: Record<string, string>;
  inst: any;
  view: PageView;
  config: any;
  json: Record<string, any>;
  loaded: boolean;
}

type Dialog =
  | {
      kind: 'modal';
      data: { title: string; content: string; showCancel: boolean; confirmText: string; cancelText: string };
      answer: (r: any) => void;
    }
  | { kind: 'actionSheet'; data: { itemList: string[] }; answer: (r: any) => void };

/** Opens the mini-program on a (new or given) phone: app launch, first page load, shown and rendered. */
export async function openApp(options: OpenAppOptions): Promise<MiniApp> {
  const app = new MiniApp(options);
  await app.launch();
  return app;
}

export class MiniApp {
  readonly phone: Phone;
  readonly pkg: WeappPackage;
  /** Every wx.* call of this run, in order, with its arguments (callbacks left out). */
  calls: WxCall[] = [];
  /** console.error output and thrown errors of the app's code (WeChat DevTools shows them red). */
  errors: string[] = [];
  warnings: string[] = [];
  logs: string[] = [];
  toasts: { title: string; icon: string; at: number }[] = [];
  subscriptions: Record<string, string>[] = [];
  documents: { filePath: string; fileType: string; bytes: Buffer }[] = [];
  loading: string | null = null;
  clipboard = '';
  openedPrivacyContract = 0;
  /** Cards the user sent to a chat (onShareAppMessage's answer), and from where: the share button or the ··· menu. */
  shares: { title: string; path: string; imageUrl?: string; from: 'button' | 'menu' }[] = [];
  pullDownActive = false;
  inTap = false;
  /** Requests on the wire. */
  pending = 0;
  domains: Record<string, string>;
  launchOptions: { path: string; query: Record<string, string>; scene: number; referrerInfo: object };
  listeners: any;
  privacyResolve: ((r: any) => void) | null = null;
  abortAll: () => void = () => undefined;

  private ctx!: vm.Context;
  private wx!: Record<string, any>;
  private modules = new Map<string, { exports: any }>();
  private loadedPackages = new Set<string | null>();
  private pageConfigs = new Map<string, any>();
  private componentConfigs = new Map<string, any>();
  private appConfig: any;
  private loadingFile: string | null = null;
  private render!: RenderLayer;
  private stack: PageInstance[] = [];
  private tabs = new Map<string, PageInstance>();
  private dialogs: Dialog[] = [];
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private intervals = new Set<ReturnType<typeof setInterval>>();
  private deliveries = 0;
  private alive = true;
  private titles = new Map<PageInstance, string>();
  private rejectionHandler = (reason: unknown) => this.fault('unhandled promise rejection', reason);

  constructor(private options: OpenAppOptions) {
    this.pkg = packageAt(options.dir ?? DEFAULT_PACKAGE);
    this.phone = options.phone ?? new Phone(options.openid ?? `wx-user-${Math.random().toString(36).slice(2, 10)}`);
    if (options.openid) this.phone.openid = options.openid;
    const origin = options.apiOrigin ?? new URL(process.env.TARO_APP_API ?? 'https://api.example.cn/api').origin;
    this.domains = { [origin]: options.server.replace(/\/$/, '') };
    const [path, query] = splitUrl(options.path ?? this.pkg.app.pages[0]);
    this.launchOptions = { path, query, scene: options.scene ?? 1001, referrerInfo: {} };
  }

  /**
   * The run's `wx`, for tests of the harness's own WeChat rules; journeys act through the screen instead.
   * `inTap` runs `fn` as if from a tap handler.
   */
  get wxApi(): Record<string, any> {
    return this.wx;
  }

  asTap<T>(fn: () => T): T {
    this.inTap = true;
    try {
      return fn();
    } finally {
      this.inTap = false;
    }
  }

  // ---- the app's life ----------------------------------------------------------------------------------------------

  async launch(): Promise<void> {
    process.on('unhandledRejection', this.rejectionHandler);
    this.render = new RenderLayer(this.pkg);
    this.ctx = this.createContext();
    this.run('app.js', () => this.requireFile('app.js', ''));
    if (!this.appConfig) throw new Error('app.js did not call App()');
    this.loadPackage(null);
    this.lifecycle(this.appConfig, 'onLaunch', this.clone(this.launchOptions));
    this.lifecycle(this.appConfig, 'onShow', this.clone(this.launchOptions));
    const { path, query } = this.launchOptions;
    if (!this.pkg.pages.includes(path)) throw new Error(`launch page ${path} is not in app.json`);
    await this.openPage(path, query, 'launch');
    await this.settle();
  }

  /** The app is sent to the background (home button, another chat): onHide for the page and the app. */
  async background(): Promise<void> {
    const top = this.top();
    if (top) this.lifecycle(top.inst, 'onHide');
    this.lifecycle(this.appConfig, 'onHide');
    for (const l of [...(this.listeners?.appHide ?? [])]) this.run('onAppHide', () => l(this.clone({})));
    await this.settle();
  }

  /** Back from the background: onShow for the app and the page. */
  async foreground(): Promise<void> {
    const opts = this.clone({ ...this.launchOptions, scene: 1089 });
    this.lifecycle(this.appConfig, 'onShow', opts);
    for (const l of [...(this.listeners?.appShow ?? [])]) this.run('onAppShow', () => l(opts));
    const top = this.top();
    if (top) this.lifecycle(top.inst, 'onShow');
    await this.settle();
  }

  /**
   * WeChat kills the app (swiped away, or reclaimed in the background) and the user opens it again: a new JS context,
   * pages and timers gone, storage and files kept. Opens `path` (default: the home page) and returns the new run.
   */
  async relaunch(options: { path?: string; scene?: number } = {}): Promise<MiniApp> {
    this.kill();
    const next = new MiniApp({ ...this.options, phone: this.phone, path: options.path, scene: options.scene ?? 1001 });
    await next.launch();
    return next;
  }

  /** Ends this run: no callback of it runs again. */
  kill(): void {
    if (!this.alive) return;
    this.alive = false;
    this.abortAll();
    for (const t of this.timers) clearTimeout(t);
    for (const t of this.intervals) clearInterval(t);
    for (const p of [...this.stack, ...this.tabs.values()]) p.view.destroy();
    this.stack = [];
    this.tabs.clear();
    process.off('unhandledRejection', this.rejectionHandler);
  }

  /** The network goes (false) or comes back (true): onNetworkStatusChange listeners hear it, as on the phone. */
  async setNetwork(online: boolean, type: 'wifi' | '4g' = 'wifi'): Promise<void> {
    this.phone.online = online;
    if (online) this.phone.networkType = type;
    if (!online) this.abortAll();
    const res = { isConnected: online, networkType: online ? type : 'none' };
    for (const l of [...(this.listeners?.network ?? [])]) this.deliver(() => l(this.clone(res)));
    await this.settle();
  }

  // ---- what a person sees ------------------------------------------------------------------------------------------

  get route(): string {
    return this.top()?.route ?? '';
  }

  get query(): Record<string, string> {
    return { ...(this.top()?.query ?? {}) };
  }

  get pageStack(): string[] {
    return this.stack.map((p) => p.route);
  }

  /** The navigation bar title of the page on top. */
  get title(): string {
    const top = this.top();
    if (!top) return '';
    return this.titles.get(top) ?? String(top.json.navigationBarTitleText ?? this.pkg.app.window?.navigationBarTitleText ?? '');
  }

  /** The page's visible text. */
  text(): string {
    return this.top()?.view.text() ?? '';
  }

  html(): string {
    return this.top()?.view.html() ?? '';
  }

  /** The open modal or action sheet, if any. */
  get dialog(): Dialog['data'] | null {
    return this.dialogs[0]?.data ?? null;
  }

  get lastToast(): string | null {
    return this.toasts.at(-1)?.title ?? null;
  }

  /** Calls to one wx API. */
  callsTo(api: string): any[] {
    return this.calls.filter((c) => c.api === api).map((c) => c.args);
  }

  /**
   * An attribute of the element `target` (text, #id or selector) as WeChat renders it: open-type, aria-role,
   * aria-label, aria-checked…; null when the element does not carry it.
   */
  attr(target: string, name: string): string | null {
    const page = this.top();
    const hit = page && this.find(target);
    return hit ? this.attrOf(page, hit, name) : null;
  }

  private attrOf(page: PageInstance, hit: ViewNode, name: string): string | null {
    const own = page.view.attr(hit, name);
    if (own !== null) return own;
    const sid = hit.el?.getAttribute?.('data-sid');
    const node = sid ? findBySid(page.inst.data?.root, sid) : null;
    if (!node) return null;
    const key = this.pkg.templateAttributes(String(node.nn))[name];
    const value = key ? node[key] : undefined;
    return value === undefined || value === null || value === '' ? null : String(value);
  }

  /** Whether `target` (text, or #id) is on the page now. */
  has(target: string): boolean {
    return !!this.find(target);
  }

  /** Waits until `target` (text, or #id) is on the page; fails with what the page shows instead. */
  async see(target: string, timeoutMs = 8000): Promise<void> {
    await this.waitFor(target, timeoutMs);
  }

  /** Waits until `target` is no longer on the page. */
  async notSee(target: string, timeoutMs = 8000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.find(target)) {
      if (Date.now() > deadline) throw new Error(`still shows "${target}" on ${this.route}:\n${this.text()}`);
      await sleep(30);
    }
  }

  /** Waits until the page on top is `route`. */
  async onPage(route: string, timeoutMs = 8000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.route !== route) {
      if (Date.now() > deadline) throw new Error(`expected page ${route}, still on ${this.route}: ${this.text().slice(0, 400)}`);
      await sleep(30);
    }
    await this.settle();
  }

  // ---- what a person does ------------------------------------------------------------------------------------------

  /**
   * Taps the element with this text (innermost), or `#id`, or the first match of a CSS selector starting with `.`/`#`
   * (`#invitation-sheet .xsheet-option`); the tap bubbles through the WXML bindings as in WeChat.
   */
  async tap(target: string): Promise<void> {
    const page = this.top();
    const hit = await this.waitFor(target);
    const button = page!.view.query('button').find((b) => b.el === hit.el || b.el.contains(hit.el));
    this.inTap = true;
    try {
      page!.view.dispatch(hit, 'touchstart');
      page!.view.dispatch(hit, 'touchend');
      page!.view.dispatch(hit, 'tap', { x: 100, y: 100 });
    } finally {
      this.inTap = false;
    }
    const openType = button ? this.attrOf(page!, button, 'open-type') : null;
    if (openType === 'share') await this.share('button', button!.node?.id ?? '');
    if (openType === 'getPhoneNumber') {
      // WeChat's own sheet asks the user; the page hears getphonenumber with a one-time code, or a refusal.
      this.calls.push({ api: 'getPhoneNumber', args: {}, at: Date.now() });
      const detail =
        this.phone.phoneNumber && this.phone.phoneAllowed
          ? { errMsg: 'getPhoneNumber:ok', code: `phone:${this.phone.phoneNumber}` }
          : { errMsg: this.phone.phoneNumber ? 'getPhoneNumber:fail user deny' : 'getPhoneNumber:fail no phone number' };
      page!.view.dispatch(button!, 'getphonenumber', detail);
    }
    if (openType === 'agreePrivacyAuthorization') {
      this.phone.privacyAgreed = true;
      this.privacyResolve?.({ event: 'agree', buttonId: button!.node?.id ?? '' });
      page!.view.dispatch(button!, 'agreeprivacyauthorization', {});
    }
    await this.settle();
  }

  /**
   * Sends the page to a chat, from the ··· menu or a share button: WeChat asks the page's onShareAppMessage for the
   * card. A page without one has no 转发 in its menu; the card's path must be a page of app.json.
   */
  async share(from: 'button' | 'menu' = 'menu', targetId = ''): Promise<{ title: string; path: string }> {
    const page = this.top()!;
    const handler = page.inst.onShareAppMessage;
    if (typeof handler !== 'function') {
      if (from === 'menu') throw new Error(`${page.route} cannot be shared: it has no onShareAppMessage (转发 is greyed out)`);
      const card = { title: this.title, path: `/${page.route}`, from };
      this.shares.push(card);
      return card;
    }
    let answer: any = this.run(`${page.route} onShareAppMessage`, () =>
      handler.call(page.inst, this.clone({ from, ...(from === 'button' ? { target: { id: targetId, dataset: {} } } : {}) })),
    );
    // A promise (or an object holding one) is waited for up to 3 s, as WeChat does.
    if (answer?.promise) answer = { ...answer, ...(await Promise.race([answer.promise, sleep(3000).then(() => ({}))])) };
    else if (typeof answer?.then === 'function') answer = await Promise.race([answer, sleep(3000).then(() => ({}))]);
    const card = { title: String(answer?.title ?? this.title), path: String(answer?.path ?? `/${page.route}`), from };
    if (answer?.imageUrl) (card as any).imageUrl = String(answer.imageUrl);
    const [route] = splitUrl(card.path);
    if (!this.pkg.pages.includes(route)) throw new Error(`shared card opens "${card.path}", which is not a page of app.json`);
    this.shares.push(card);
    await this.settle();
    return card;
  }

  /** Types `text` into the input or textarea of element `id` (the field itself or one inside it), as a keyboard does. */
  async type(id: string, text: string): Promise<void> {
    const page = this.top()!;
    const field = await this.waitFor(`#${id.replace(/^#/, '')}`);
    const tag = String(field.el?.tagName ?? '').toLowerCase();
    const input = tag === 'input' || tag === 'textarea' ? field : page.view.query('input, textarea', field)[0];
    if (!input) throw new Error(`#${id} has no input or textarea on ${this.route}`);
    // WeChat cuts what is typed at maxlength: 140 unless the field says otherwise (-1: no limit).
    const max = Number(page.view.attr(input, 'maxlength') ?? 140);
    const value = max >= 0 ? [...text].slice(0, max).join('') : text;
    page.view.dispatch(input, 'focus', { value: '', height: 0 });
    page.view.dispatch(input, 'input', { value, cursor: value.length, keyCode: 0 });
    page.view.dispatch(input, 'blur', { value, cursor: value.length });
    await this.settle();
  }

  /** Chooses `value` in the picker that holds element `id` (date 'YYYY-MM-DD', time 'HH:mm', selector index). */
  async pick(id: string, value: string | number | number[]): Promise<void> {
    const page = this.top()!;
    const inner = await this.waitFor(`#${id.replace(/^#/, '')}`);
    const picker = page.view.query('picker').find((p) => p.el === inner.el || p.el.contains(inner.el));
    if (!picker) throw new Error(`#${id} is not inside a picker on ${this.route}`);
    page.view.dispatch(picker, 'change', { value });
    await this.settle();
  }

  /** Answers the open modal: confirm (true) or cancel (false); an action sheet by the item's text. */
  async answer(choice: boolean | string): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!this.dialogs.length) {
      if (Date.now() > deadline) throw new Error(`no dialog is open on ${this.route}`);
      await sleep(20);
    }
    const d = this.dialogs.shift()!;
    if (d.kind === 'modal') d.answer({ confirm: choice === true, cancel: choice !== true });
    else {
      const i = typeof choice === 'string' ? d.data.itemList.indexOf(choice) : -1;
      if (i < 0) d.answer({ __fail: 'showActionSheet:fail cancel' });
      else d.answer({ tapIndex: i });
    }
    await this.settle();
  }

  /** Pulls the page down to refresh (only where the page's json enables it, as in WeChat). */
  async pullDown(): Promise<void> {
    const top = this.top()!;
    const enabled = top.json.enablePullDownRefresh ?? this.pkg.app.window?.enablePullDownRefresh;
    if (!enabled) throw new Error(`${top.route} does not enable pull-down refresh (enablePullDownRefresh)`);
    this.pullDownActive = true;
    this.lifecycle(top.inst, 'onPullDownRefresh');
    await this.settle();
  }

  /** The back button of the navigation bar (or Android's back key). */
  async goBack(): Promise<void> {
    await this.back(1);
    await this.settle();
  }

  /** Taps a tab of the tab bar by its text. */
  async tab(text: string): Promise<void> {
    const item = this.pkg.app.tabBar?.list.find((t) => t.text === text);
    if (!item) throw new Error(`no tab "${text}"`);
    const top = this.top();
    if (top && this.tabs.get(item.pagePath) === top)
      this.lifecycle(top.inst, 'onTabItemTap', this.clone({ text, pagePath: item.pagePath, index: 0 }));
    await this.navigate('switchTab', `/${item.pagePath}`);
    await this.settle();
  }

  /** Waits until nothing is on the wire or queued for the app, and the view has caught up. */
  async settle(quietMs = 40): Promise<void> {
    let quiet = 0;
    const deadline = Date.now() + 20000;
    while (quiet < 2) {
      await sleep(quietMs / 2);
      if (this.pending === 0 && this.deliveries === 0) quiet++;
      else quiet = 0;
      if (Date.now() > deadline) throw new Error(`the app did not settle: ${this.pending} requests, ${this.deliveries} callbacks pending`);
    }
  }

  /** Fails when the app's code logged or threw an error. */
  assertNoErrors(): void {
    if (this.errors.length) throw new Error(`the mini-program reported ${this.errors.length} error(s):\n${this.errors.join('\n')}`);
  }

  // ---- navigation (wx.navigateTo & co.) ------------------------------------------------------------------------------

  async navigate(kind: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch', url: string): Promise<object> {
    const [route, query] = splitUrl(this.resolve(String(url ?? '')));
    if (!this.pkg.pages.includes(route)) throw { errMsg: `${kind}:fail page "${route}" is not found` };
    const isTab = this.pkg.tabPages.includes(route);
    if ((kind === 'navigateTo' || kind === 'redirectTo') && isTab) throw { errMsg: `${kind}:fail can not ${kind} a tabbar page` };
    if (kind === 'switchTab' && !isTab) throw { errMsg: 'switchTab:fail can not switch to no-tabBar page' };
    if (kind === 'navigateTo' && this.stack.length >= MAX_PAGES) throw { errMsg: 'navigateTo:fail webview count limit exceed' };
    const top = this.top();
    if (kind === 'navigateTo') {
      if (top) this.lifecycle(top.inst, 'onHide');
    } else if (kind === 'redirectTo') {
      if (top) this.unload(this.stack.pop()!);
    } else {
      while (this.stack.length) {
        const p = this.stack.pop()!;
        if (kind === 'switchTab' && this.tabs.get(p.route) === p) {
          if (p === top) this.lifecycle(p.inst, 'onHide');
        } else this.unload(p);
      }
      if (kind === 'reLaunch') {
        for (const p of this.tabs.values()) this.unload(p);
        this.tabs.clear();
      }
      const kept = kind === 'switchTab' ? this.tabs.get(route) : undefined;
      if (kept) {
        this.stack = [kept];
        this.lifecycle(kept.inst, 'onShow');
        return {};
      }
    }
    await this.openPage(route, kind === 'switchTab' ? {} : query, kind);
    return {};
  }

  async back(delta: number): Promise<object> {
    if (this.stack.length <= 1) throw { errMsg: 'navigateBack:fail cannot navigate back at first page.' };
    const n = Math.max(1, Math.min(delta, this.stack.length - 1));
    for (let i = 0; i < n; i++) this.unload(this.stack.pop()!);
    const top = this.top();
    if (top) this.lifecycle(top.inst, 'onShow');
    return {};
  }

  private resolve(url: string): string {
    if (url.startsWith('/')) return url.slice(1);
    const base = this.top()?.route ?? '';
    const parts = base.split('/').slice(0, -1);
    for (const seg of url.split('/')) {
      if (seg === '..') parts.pop();
      else if (seg !== '.') parts.push(seg);
    }
    return parts.join('/');
  }

  private top(): PageInstance | undefined {
    return this.stack.at(-1);
  }

  private unload(p: PageInstance) {
    this.lifecycle(p.inst, 'onUnload');
    p.view.destroy();
    if (this.tabs.get(p.route) === p) this.tabs.delete(p.route);
  }

  private async openPage(route: string, query: Record<string, string>, _how: string): Promise<void> {
    this.loadPackage(this.pkg.packageOf(route));
    const config = this.pageConfigs.get(route);
    if (!config)
      throw new Error(`page "${route}" has not been registered (its JS did not call Page()): ${this.errors.join('\n') || 'no error'}`);
    const json = this.pkg.json(`${route}.json`);
    const inst = this.vmObject();
    const handlers: string[] = [];
    for (const [k, v] of Object.entries<any>(config)) {
      if (k === 'data') continue;
      inst[k] = v;
      if (typeof v === 'function') handlers.push(k);
    }
    inst.data = this.clone(config.data ?? {});
    inst.route = route;
    inst.__route__ = route;
    inst.is = route;
    inst.options = this.clone(query);
    const pageId = Math.floor(Math.random() * 1e9);
    inst.__wxWebviewId__ = pageId;
    inst.__wxExparserNodeId__ = `page-${pageId}`;
    inst.getPageId = () => `pageId:${pageId}`;
    inst.selectComponent = () => null;
    inst.selectAllComponents = () => this.vmArray();
    inst.createSelectorQuery = () => this.selectorQuery();
    inst.getOpenerEventChannel = () => this.serviceObject({ emit() {}, on() {}, once() {}, off() {} });
    const view = this.render.createPage(route, config.data ?? {}, handlers, (h, e) => this.event(page, h, e));
    const page: PageInstance = { route, query, inst, view, config, json, loaded: false };
    inst.setData = (data: Record<string, unknown>, cb?: () => void) => {
      if (!this.alive) return;
      const plain = JSON.parse(JSON.stringify(data ?? {}));
      const bytes = Buffer.byteLength(JSON.stringify(plain));
      if (bytes > 1024 * 1024)
        this.fault('setData', new Error(`setData payload of ${Math.round(bytes / 1024)} KB exceeds WeChat's 1 MB limit`));
      applyPaths(inst.data, plain, (v) => this.clone(v));
      view.setData(plain);
      if (typeof cb === 'function') this.deliver(cb);
    };
    this.stack.push(page);
    if (this.pkg.tabPages.includes(route)) this.tabs.set(route, page);
    this.lifecycle(inst, 'onLoad', this.clone(query));
    this.lifecycle(inst, 'onShow');
    page.loaded = true;
    await new Promise<void>((r) =>
      this.deliver(() => {
        this.lifecycle(inst, 'onReady');
        r();
      }),
    );
  }

  // ---- dialogs (wx.showModal, wx.showActionSheet) ------------------------------------------------------------------

  openDialog(kind: 'modal' | 'actionSheet', data: any): Promise<object> {
    return new Promise((resolve, reject) => {
      this.dialogs.push({
        kind,
        data,
        answer: (r: any) => (r?.__fail ? reject({ errMsg: r.__fail }) : resolve(r)),
      } as Dialog);
    });
  }

  setTitle(title: string) {
    const top = this.top();
    if (top) this.titles.set(top, title);
  }

  selectorQuery(): any {
    const q: any = this.serviceObject({
      in: () => q,
      select: () => node,
      selectAll: () => node,
      selectViewport: () => node,
      exec: (cb?: (r: any) => void) => {
        if (cb) this.deliver(() => cb(this.clone([null])));
      },
    });
    const node: any = this.serviceObject({
      boundingClientRect: () => q,
      scrollOffset: () => q,
      fields: () => q,
      node: () => q,
      context: () => q,
    });
    return q;
  }

  // ---- the JS thread -----------------------------------------------------------------------------------------------

  private createContext(): vm.Context {
    const fmt = (args: unknown[]) =>
      args.map((a) => (a instanceof Error || (a as any)?.stack ? (a as any).stack : typeof a === 'string' ? a : safeJson(a))).join(' ');
    const console = {
      log: (...a: unknown[]) => this.logs.push(fmt(a)),
      info: (...a: unknown[]) => this.logs.push(fmt(a)),
      debug: (...a: unknown[]) => this.logs.push(fmt(a)),
      warn: (...a: unknown[]) => this.warnings.push(fmt(a)),
      error: (...a: unknown[]) => this.errors.push(`console.error: ${fmt(a)}`),
      group: () => undefined,
      groupEnd: () => undefined,
      time: () => undefined,
      timeEnd: () => undefined,
      trace: () => undefined,
      assert: () => undefined,
    };
    const timers = {
      setTimeout: (fn: any, ms?: number, ...args: unknown[]) => {
        if (!this.alive) return 0;
        const t = setTimeout(() => {
          this.timers.delete(t);
          this.run('setTimeout', () => (typeof fn === 'function' ? fn(...args) : undefined));
        }, ms ?? 0);
        this.timers.add(t);
        return t;
      },
      clearTimeout: (t: any) => {
        clearTimeout(t);
        this.timers.delete(t);
      },
      setInterval: (fn: any, ms?: number, ...args: unknown[]) => {
        if (!this.alive) return 0;
        const t = setInterval(() => this.run('setInterval', () => fn(...args)), Math.max(ms ?? 0, 10));
        this.intervals.add(t);
        return t;
      },
      clearInterval: (t: any) => {
        clearInterval(t);
        this.intervals.delete(t);
      },
    };
    const ctx = vm.createContext({
      console,
      ...timers,
      App: (config: any) => {
        this.appConfig = config;
      },
      Page: (config: any) => {
        if (!this.loadingFile) throw new Error('Page() called outside a page file');
        this.pageConfigs.set(this.loadingFile.replace(/\.js$/, ''), config);
      },
      Component: (config: any) => {
        const file = (this.loadingFile ?? '').replace(/\.js$/, '');
        this.componentConfigs.set(file, config);
        if (file === 'comp')
          this.render.registerComp(config, (h, e) => this.run(`comp.${h}`, () => config.methods[h].call(this.vmObject(), this.clone(e))));
      },
      Behavior: (b: any) => b,
      getApp: () => this.appConfig,
      getCurrentPages: () => {
        const arr = this.vmArray();
        for (const p of this.stack) arr.push(p.inst);
        return arr;
      },
      requirePlugin: () => ({}),
      __wxConfig: { envVersion: 'release', platform: 'ios' },
    });
    this.wx = createWx(this, this.phone);
    // `wx` must accept new properties: the bundles keep their chunk registry in wx.webpackJsonp.
    (ctx as any).wx = this.wx;
    (ctx as any).global = undefined;
    return ctx;
  }

  /** Loads a package's pages (WeChat injects a (sub)package's files when it is first opened). */
  private loadPackage(root: string | null) {
    if (this.loadedPackages.has(root)) return;
    this.loadedPackages.add(root);
    if (root === null && this.pkg.exists('comp.js')) this.run('comp.js', () => this.requireFile('comp.js', ''));
    // Injected by WeChat, not required: `from` is the page itself, so the package boundary holds.
    for (const route of this.pkg.pagesOf(root)) this.run(`${route}.js`, () => this.requireFile(`/${route}.js`, route));
  }

  /** WeChat's require: relative to the requiring file, main package reachable from anywhere, no other subpackage. */
  private requireFile(spec: string, from: string): any {
    let file = spec.startsWith('/') ? spec.slice(1) : posixJoin(posixDir(from), spec);
    if (!file.endsWith('.js')) file += '.js';
    const fromPkg = from ? this.pkg.packageOf(from) : null;
    const toPkg = this.pkg.packageOf(file);
    if (toPkg !== null && toPkg !== fromPkg)
      throw new Error(`module "${file}" is not defined: ${from || 'the main package'} cannot require another package's file`);
    if (!this.pkg.exists(file)) throw new Error(`module "${file}" is not defined`);
    const cached = this.modules.get(file);
    if (cached) return cached.exports;
    const module = { exports: this.vmObject() };
    this.modules.set(file, module);
    const fn = this.pkg.script(file).runInContext(this.ctx);
    const previous = this.loadingFile;
    this.loadingFile = file;
    try {
      fn((s: string) => this.requireFile(s, file), module, module.exports);
    } finally {
      this.loadingFile = previous;
    }
    return module.exports;
  }

  private event(page: PageInstance, handler: string, e: PlainEvent) {
    if (!this.alive) return;
    const fn = page.inst[handler];
    if (typeof fn !== 'function') {
      this.fault('event', new Error(`Component "${page.route}" does not have a method "${handler}" to handle event "${e.type}".`));
      return;
    }
    this.run(`${page.route} ${handler}(${e.type})`, () => fn.call(page.inst, this.clone(e)));
  }

  private lifecycle(target: any, name: string, arg?: unknown) {
    if (!target || typeof target[name] !== 'function') return;
    this.run(name, () => target[name](arg));
  }

  /** Runs app code; what it throws is the app's error (WeChat reports it to App.onError), never the harness's. */
  run(what: string, fn: () => unknown): unknown {
    if (!this.alive) return undefined;
    try {
      return fn();
    } catch (e) {
      this.fault(what, e);
      return undefined;
    }
  }

  private fault(what: string, e: unknown) {
    const text = `${what}: ${(e as any)?.stack ?? (e as any)?.errMsg ?? safeJson(e)}`;
    this.errors.push(text);
    const onError = this.appConfig?.onError;
    if (typeof onError === 'function' && what !== 'App.onError') {
      try {
        onError.call(this.appConfig, text);
      } catch {
        // An error in the error handler is already counted.
      }
    }
  }

  /** Runs a callback of a wx API or of the harness on the JS thread, on a later turn, if the app still lives. */
  deliver(fn: () => void) {
    if (!this.alive) return;
    this.deliveries++;
    setTimeout(() => {
      this.deliveries--;
      this.run('callback', fn);
    }, 0);
  }

  // ---- values that cross into the JS thread are made there, as WeChat serializes them ------------------------------

  clone<T>(v: T, intoService = true): T {
    if (v === undefined) return v;
    const text = JSON.stringify(v);
    if (text === undefined) return undefined as T;
    return intoService ? (this.ctx ? vm.runInContext('JSON', this.ctx).parse(text) : JSON.parse(text)) : JSON.parse(text);
  }

  parse(text: string): unknown {
    return (vm.runInContext('JSON', this.ctx).parse(text) as { v: unknown }).v;
  }

  servicePromise(executor: (resolve: (v: unknown) => void, reject: (e: unknown) => void) => void): Promise<unknown> {
    const P = vm.runInContext('Promise', this.ctx);
    return new P(executor);
  }

  serviceObject<T extends object>(o: T): T {
    return Object.assign(this.vmObject(), o);
  }

  serviceError(message: string): Error {
    const E = vm.runInContext('Error', this.ctx);
    return new E(message);
  }

  arrayBuffer(b: Buffer): ArrayBuffer {
    const AB = vm.runInContext('ArrayBuffer', this.ctx);
    const ab = new AB(b.length);
    new Uint8Array(ab).set(b);
    return ab;
  }

  private vmObject(): any {
    return vm.runInContext('({})', this.ctx);
  }

  private vmArray(): any[] {
    return vm.runInContext('[]', this.ctx);
  }

  // ---- finding things on the page ----------------------------------------------------------------------------------

  private find(target: string): ViewNode | null {
    const view = this.top()?.view;
    if (!view) return null;
    if (target.startsWith('#') && /^#[\w-]+$/.test(target)) return view.byId(target.slice(1));
    if (/^[.#[]/.test(target)) return view.query(target)[0] ?? null;
    return view.byText(target);
  }

  private async waitFor(target: string, timeoutMs = 8000): Promise<ViewNode> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.find(target);
      if (hit) return hit;
      if (Date.now() > deadline) {
        throw new Error(
          `"${target}" is not on ${this.route || 'any page'}; it shows:\n${this.text().slice(0, 1500)}\nerrors: ${this.errors.join('\n')}`,
        );
      }
      await sleep(30);
    }
  }
}

// ---- helpers ---------------------------------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

function posixDir(p: string) {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

function posixJoin(dir: string, rel: string) {
  const parts = dir ? dir.split('/') : [];
  for (const seg of rel.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/** The node of Taro's serialized tree (root.cn…) with this sid. */
function findBySid(node: any, sid: string): any {
  if (!node || typeof node !== 'object') return null;
  if (node.sid === sid) return node;
  for (const child of node.cn ?? []) {
    const found = findBySid(child, sid);
    if (found) return found;
  }
  return null;
}

/** 'pages/x/index?id=1&a=b' → ['pages/x/index', { id: '1', a: 'b' }] (values as given: WeChat does not decode them). */
export function splitUrl(url: string): [string, Record<string, string>] {
  const [path, qs = ''] = url.replace(/^\//, '').split('?');
  const query: Record<string, string> = {};
  for (const part of qs.split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    query[i < 0 ? part : part.slice(0, i)] = i < 0 ? '' : part.slice(i + 1);
  }
  return [path, query];
}

/** setData's path keys (`a.b[0].c`, Taro's `root.cn.[0].v`) applied to the page's data on the JS thread. */
function applyPaths(data: any, patch: Record<string, unknown>, make: (v: unknown) => unknown) {
  for (const [key, value] of Object.entries(patch)) {
    const segs = key
      .replace(/\[(\d+)\]/g, '.$1')
      .split('.')
      .filter(Boolean);
    let o = data;
    for (let i = 0; i < segs.length - 1; i++) {
      if (o[segs[i]] === undefined || o[segs[i]] === null || typeof o[segs[i]] !== 'object')
        o[segs[i]] = /^\d+$/.test(segs[i + 1]) ? make([]) : make({});
      o = o[segs[i]];
    }
    o[segs[segs.length - 1]] = make(value);
  }
}
