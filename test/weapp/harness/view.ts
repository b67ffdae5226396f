// The render layer: each page's WXML, compiled by wcc, rendered by j-component on miniprogram-exparser (WeChat's
// component framework) into a jsdom document. It lives apart from the app's JavaScript, as WeChat's WebView lives apart
// from its JS thread: data comes in through setData (serialized), events go out as plain objects to the page's handler.
import { createRequire } from 'node:module';
import type { WeappPackage } from './package.js';

const require = createRequire(import.meta.url);

let jsdomWindow: any;
/** j-component and exparser render into a DOM; only this realm has one (the app's context has no window). */
function renderGlobals() {
  if (jsdomWindow) return;
  const { JSDOM } = require('jsdom');
  jsdomWindow = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true }).window;
  const g = globalThis as any;
  for (const k of ['window', 'document', 'Node', 'Element', 'HTMLElement', 'Event', 'CustomEvent', 'TouchEvent', 'MouseEvent']) {
    g[k] = k === 'window' ? jsdomWindow : jsdomWindow[k];
  }
  // Read by the code wcc generates.
  jsdomWindow.__webview_engine_version__ = 0.02;
}

const gwxByPackage = new WeakMap<WeappPackage, (path: string) => any>();

export type EventSink = (event: PlainEvent) => unknown;

/** An event as the JS thread receives it from the render layer. */
export interface PlainEvent {
  type: string;
  timeStamp: number;
  detail: any;
  target: { id: string; dataset: Record<string, unknown> };
  currentTarget: { id: string; dataset: Record<string, unknown> };
  touches?: unknown[];
  changedTouches?: unknown[];
  mark?: Record<string, unknown>;
}

export interface ViewNode {
  /** The exparser element. */
  node: any;
  /** Its DOM element in jsdom. */
  el: any;
}

const typeOf = (t: any) => {
  const name = typeof t === 'function' ? t.name : null;
  return name ? ((globalThis as any)[name] ?? null) : t === null ? null : t;
};

/** The render layer of one app run: registers Taro's recursive `comp` component once, then one view per page. */
export class RenderLayer {
  private jc: any;
  private exparser: any;
  private gwx: (path: string) => any;
  private compId?: string;
  private seq = 0;

  constructor(pkg: WeappPackage) {
    renderGlobals();
    this.jc = require('j-component');
    this.exparser = require('miniprogram-exparser');
    let gwx = gwxByPackage.get(pkg);
    if (!gwx) {
      gwx = new Function(pkg.gwxCode())() as (path: string) => any;
      gwxByPackage.set(pkg, gwx);
    }
    this.gwx = gwx;
  }

  private template(wxml: string) {
    const t = this.gwx(wxml);
    if (typeof t !== 'function') throw new Error(`wcc has no template for ${wxml}`);
    return t;
  }

  /** The custom component `comp` (comp.json/wxml) that Taro's templates use past 15 levels of nesting. */
  registerComp(config: any, sink: (handler: string, event: PlainEvent) => void) {
    if (this.compId) return;
    const id = `xst-comp-${++this.seq}-${Date.now().toString(36)}`;
    const properties: Record<string, unknown> = {};
    for (const [k, v] of Object.entries<any>(config?.properties ?? {})) {
      properties[k] = { type: typeOf(v?.type ?? v), value: v?.value === undefined ? undefined : JSON.parse(JSON.stringify(v.value)) };
    }
    const methods: Record<string, (e: any) => void> = {};
    for (const m of Object.keys(config?.methods ?? {})) methods[m] = (e: any) => sink(m, this.plain(e));
    this.compId = this.jc.register({
      id,
      tagName: 'comp',
      template: this.template('comp.wxml'),
      usingComponents: { comp: id },
      properties,
      options: { virtualHost: config?.options?.virtualHost },
      methods,
    });
  }

  /** A page's view, attached to the document; `sink(handlerName, event)` receives what WXML binds (bindtap="eh"). */
  createPage(route: string, data: unknown, handlers: string[], sink: (handler: string, event: PlainEvent) => void): PageView {
    const methods: Record<string, (e: any) => void> = {};
    for (const h of handlers) methods[h] = (e: any) => sink(h, this.plain(e));
    const id = this.jc.register({
      id: `xst-page-${++this.seq}`,
      tagName: 'page',
      template: this.template(`${route}.wxml`),
      usingComponents: this.compId ? { comp: this.compId } : {},
      data: JSON.parse(JSON.stringify(data ?? {})),
      methods,
    });
    const comp = this.jc.create(id);
    const parent = (globalThis as any).document.createElement('div');
    (globalThis as any).document.body.appendChild(parent);
    comp.attach(parent);
    return new PageView(comp, parent, this.exparser);
  }

  private plain(e: any): PlainEvent {
    const t = (x: any) => ({ id: x?.id ?? '', dataset: { ...(x?.dataset ?? {}) } });
    return JSON.parse(
      JSON.stringify({
        type: e.type,
        timeStamp: e.timeStamp ?? Date.now(),
        detail: e.detail ?? {},
        target: t(e.target),
        currentTarget: t(e.currentTarget),
        touches: e.touches ?? [],
        changedTouches: e.changedTouches ?? [],
        mark: e.mark ?? {},
      }),
    );
  }
}

/** One page as rendered: setData goes in, elements are found by text or id, events are dispatched on them. */
export class PageView {
  constructor(
    private comp: any,
    private parent: any,
    private exparser: any,
  ) {}

  /** Applies serialized data as WeChat's render layer does (path keys like `root.cn.[0].v` included). */
  setData(data: Record<string, unknown>) {
    this.comp.setData(data);
  }

  get dom(): any {
    return this.comp.dom;
  }

  /** The visible text of the page, one block per line. */
  text(): string {
    return String(this.dom.textContent ?? '')
      .replace(/[ \t]+/g, ' ')
      .trim();
  }

  html(): string {
    return this.dom.outerHTML;
  }

  /** All exparser elements of the page, through the shadow trees of custom components. */
  private elements(): any[] {
    const out: any[] = [];
    const walk = (n: any) => {
      if (!n) return;
      if (n instanceof this.exparser.Element) out.push(n);
      if (n instanceof this.exparser.Component && n.shadowRoot) walk(n.shadowRoot);
      for (const c of n.childNodes ?? []) walk(c);
    };
    walk(this.comp._exparserNode.shadowRoot);
    return out;
  }

  private domOf(node: any): any {
    return node.$$ ?? node.__domElement ?? null;
  }

  private textOf(node: any): string {
    const el = this.domOf(node);
    return el ? String(el.textContent ?? '').trim() : '';
  }

  /** The element whose id (Taro's uid, i.e. the id prop) is `id`. */
  byId(id: string): ViewNode | null {
    const node = this.elements().find((n) => n.id === id);
    return node ? { node, el: this.domOf(node) } : null;
  }

  /** The innermost element whose own text is `text` (exactly, or containing it when no element matches exactly). */
  byText(text: string): ViewNode | null {
    const els = this.elements().filter((n) => !(n instanceof this.exparser.VirtualNode));
    const exact = els.filter((n) => this.textOf(n) === text);
    const pool = exact.length ? exact : els.filter((n) => this.textOf(n).includes(text));
    // Innermost: an element none of whose descendants also matches.
    const innermost = pool.filter((n) => !pool.some((m) => m !== n && this.contains(n, m)));
    const node = innermost[0];
    return node ? { node, el: this.domOf(node) } : null;
  }

  /** `selector` (ids, classes, WXML tag names: input, textarea, picker…) on the page, or under `within`. */
  query(selector: string, within?: ViewNode): ViewNode[] {
    const root = within?.node ?? this.comp._exparserNode.shadowRoot;
    let nodes: any[] = [];
    try {
      nodes = root.querySelectorAll ? Array.from(root.querySelectorAll(selector) ?? []) : [];
    } catch {
      nodes = [];
    }
    if (!nodes.length) {
      const dom = within?.el ?? this.dom;
      nodes = Array.from(dom.querySelectorAll(selector) as ArrayLike<any>)
        .map((el: any) => el.__wxElement)
        .filter(Boolean);
    }
    return nodes.map((node) => ({ node, el: this.domOf(node) }));
  }

  private contains(a: any, b: any): boolean {
    for (let p = b.parentNode; p; p = p.parentNode) if (p === a) return true;
    return false;
  }

  /** Dispatches an event on `target` as the render layer does: bubbling through bound ancestors, synchronously. */
  dispatch(target: ViewNode, type: string, detail: Record<string, unknown> = {}) {
    const touch = { identifier: 0, pageX: 100, pageY: 100, clientX: 100, clientY: 100 };
    const ev = this.exparser.Event.create(type, detail, {
      bubbles: true,
      composed: true,
      capturePhase: true,
      extraFields: type === 'tap' ? { touches: [touch], changedTouches: [touch] } : {},
    });
    this.exparser.Event.dispatchEvent(target.node, ev);
  }

  attr(target: ViewNode, name: string): string | null {
    return target.el?.getAttribute?.(name) ?? null;
  }

  destroy() {
    try {
      this.comp.detach();
    } catch {
      // Already detached.
    }
    this.parent.remove();
  }
}
