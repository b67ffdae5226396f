// The built WeChat package on disk: app.json, its pages and subpackages, its files, and its WXML compiled once by
// WeChat's own compiler (wcc) into the template functions the render layer runs.
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

export const DEFAULT_PACKAGE = path.resolve(here, '..', '..', '..', 'miniapp', 'dist', 'weapp');

export interface AppJson {
  pages: string[];
  subPackages?: { root: string; pages: string[] }[];
  subpackages?: { root: string; pages: string[] }[];
  tabBar?: { list: { pagePath: string; text: string }[] };
  window?: Record<string, unknown>;
}

export class WeappPackage {
  readonly app: AppJson;
  readonly subpackages: { root: string; pages: string[] }[];
  private scripts = new Map<string, vm.Script>();
  private gwxSource?: string;

  constructor(readonly dir: string = DEFAULT_PACKAGE) {
    if (!existsSync(path.join(dir, 'app.json'))) throw new Error(`no weapp build at ${dir}: npm run build:weapp -w miniapp`);
    this.app = JSON.parse(readFileSync(path.join(dir, 'app.json'), 'utf8'));
    this.subpackages = (this.app.subPackages ?? this.app.subpackages ?? []).map((p) => ({ ...p, root: p.root.replace(/\/$/, '') }));
  }

  /** Every page route of the app: main package first, then each subpackage's. */
  get pages(): string[] {
    return [...this.app.pages, ...this.subpackages.flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))];
  }

  get tabPages(): string[] {
    return (this.app.tabBar?.list ?? []).map((t) => t.pagePath);
  }

  /** The subpackage root a file or route belongs to, or null for the main package. */
  packageOf(file: string): string | null {
    return this.subpackages.find((p) => file.startsWith(`${p.root}/`))?.root ?? null;
  }

  pagesOf(root: string | null): string[] {
    if (root === null) return this.app.pages;
    return (this.subpackages.find((p) => p.root === root)?.pages ?? []).map((page) => `${root}/${page}`);
  }

  exists(file: string): boolean {
    return existsSync(path.join(this.dir, file));
  }

  json(file: string): Record<string, any> {
    const p = path.join(this.dir, file);
    return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : {};
  }

  /** One file's code as WeChat's module wrapper sees it, compiled once per process and run in each app context. */
  script(file: string): vm.Script {
    let s = this.scripts.get(file);
    if (!s) {
      const code = readFileSync(path.join(this.dir, file), 'utf8');
      // WeChat runs each file as define(path, function (require, module, exports, window, document, …) {…}) with the
      // browser names bound to undefined: that is why `window` does not exist in a mini-program.
      s = new vm.Script(`(function (require, module, exports, ${BROWSER_PARAMS.join(', ')}) {${code}\n})`, { filename: file });
      this.scripts.set(file, s);
    }
    return s;
  }

  /**
   * For each of Taro's node templates (base.wxml's tmpl_0_<nn>), which data key each WXML attribute reads:
   * `open-type="{{i.p17}}"` → open-type: p17. The render layer keeps only attributes of registered components, so
   * what WeChat would render on a native tag (open-type, aria-role) is read from the node's data through this.
   */
  templateAttributes(nn: string): Record<string, string> {
    if (!this.templateAttrs) {
      this.templateAttrs = new Map();
      const base = existsSync(path.join(this.dir, 'base.wxml')) ? readFileSync(path.join(this.dir, 'base.wxml'), 'utf8') : '';
      for (const m of base.matchAll(/<template name="tmpl_0_(\w+)">\s*<[\w-]+ ([^>]*)>/g)) {
        const attrs: Record<string, string> = {};
        for (const a of m[2].matchAll(/([\w-]+)="\{\{[^}]*?\bi\.(\w+)/g)) attrs[a[1]] = a[2];
        this.templateAttrs.set(m[1], attrs);
      }
    }
    return this.templateAttrs.get(nn) ?? {};
  }

  /** $gwx of the whole package, compiled by wcc (the compiler DevTools runs); called with a page's .wxml path. */
  private templateAttrs?: Map<string, Record<string, string>>;

  gwxCode(): string {
    if (!this.gwxSource) {
      const bin = path.join(path.dirname(require.resolve('miniprogram-compiler/package.json')), 'bin', 'linux');
      for (const name of ['wcc', 'wcsc']) chmodSync(path.join(bin, name), 0o755);
      const compiler = require('miniprogram-compiler');
      this.gwxSource = compiler.wxmlToJs(this.dir, { maxBuffer: 64 * 1024 * 1024 }) as string;
    }
    return this.gwxSource;
  }
}

/** The names WeChat's module wrapper shadows with undefined. */
export const BROWSER_PARAMS = [
  'window',
  'document',
  'frames',
  'self',
  'location',
  'navigator',
  'localStorage',
  'history',
  'Caches',
  'screen',
  'alert',
  'confirm',
  'prompt',
  'XMLHttpRequest',
  'WebSocket',
  'Reporter',
  'webkit',
  'WeixinJSCore',
];
