// Checks the built WeChat package (miniapp/dist/weapp) as WeChat DevTools would before an upload:
//   1. every WXML file compiles with WeChat's own WXML compiler (wcc), and every WXSS file with its WXSS compiler (wcsc),
//      the binaries of the npm package miniprogram-compiler, which run offline;
//   2. no H5-only browser API (fetch, document, window, Blob, URL.createObjectURL, …) is reachable in the package's
//      JavaScript: in WeChat these do not exist, so a call throws where the rider taps.
// Usage: node weapp/check-package.mjs [dist/weapp]. Exits 1 with one line per problem.
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.argv[2] ?? path.join(here, '..', '..', 'miniapp', 'dist', 'weapp'));
if (!existsSync(path.join(dir, 'app.json'))) {
  console.error(`check-package: no weapp build at ${dir} (npm run build:weapp -w miniapp builds it; npm test does)`);
  process.exit(1);
}

/** The compiler binaries arrive from the registry without their run bit. */
export function compilerBinaries() {
  const bin = path.join(path.dirname(require.resolve('miniprogram-compiler/package.json')), 'bin', 'linux');
  for (const name of ['wcc', 'wcsc']) chmodSync(path.join(bin, name), 0o755);
  return bin;
}

function filesOf(root, ext, base = root) {
  return readdirSync(root).flatMap((f) => {
    const p = path.join(root, f);
    if (statSync(p).isDirectory()) return filesOf(p, ext, base);
    return p.endsWith(ext) ? [path.relative(base, p).split(path.sep).join('/')] : [];
  });
}

const problems = [];
compilerBinaries();
const wcc = require('miniprogram-compiler/src/wcc');
const wcsc = require('miniprogram-compiler/src/wcsc');

// ---- WXML: the whole package at once, as DevTools compiles it (a page's imports and components resolve together).
const wxml = filesOf(dir, '.wxml');
const wxs = filesOf(dir, '.wxs');
try {
  wcc(
    dir,
    wxml.map((f) => f.slice(0, -'.wxml'.length)),
    wxs,
    { maxBuffer: 64 * 1024 * 1024 },
  );
} catch (e) {
  problems.push(`WXML refused by wcc: ${String(e.message).trim()}`);
}

// ---- WXSS: file by file with the sheets it imports, so that every refused sheet is named (wcsc stops at the first
// error), then all together.
const wxss = filesOf(dir, '.wxss');
const stem = (f) => f.slice(0, -'.wxss'.length);
function withImports(f, seen = new Set()) {
  if (seen.has(f) || !existsSync(path.join(dir, f))) return seen;
  seen.add(f);
  const text = readFileSync(path.join(dir, f), 'utf8');
  for (const m of text.matchAll(/@import\s+["']([^"']+)["']/g)) {
    withImports(path.posix.normalize(path.posix.join(path.posix.dirname(f), m[1])), seen);
  }
  return seen;
}
const refused = new Set();
for (const f of wxss) {
  const r = wcsc(dir, [...withImports(f)].map(stem), { maxBuffer: 16 * 1024 * 1024 });
  if (r instanceof Error)
    refused.add(
      r.message
        .replace(/\s+/g, ' ')
        .replace(/ error file count: \d+/, '')
        .trim(),
    );
}
for (const r of refused) problems.push(`WXSS refused by wcsc: ${r}`);
if (!refused.size) {
  const all = wcsc(dir, wxss.map(stem), { maxBuffer: 64 * 1024 * 1024 });
  if (all instanceof Error) problems.push(`WXSS refused by wcsc (whole package): ${all.message.replace(/\s+/g, ' ').trim()}`);
}

// ---- H5-only code. Taro's weapp build maps `window`, `document` and `URL` to its own runtime objects, so what is left
// as a free global reference has no value in WeChat, and a call to URL.createObjectURL throws there ("not support").
// Branches the build removes for weapp (`process.env.TARO_ENV === 'h5'`) are gone from the bundle and never seen here.
const { parse } = require('@babel/parser');
const traverse = require('@babel/traverse').default;
const H5_GLOBALS = new Set([
  'fetch',
  'document',
  'window',
  'Blob',
  'File',
  'FileReader',
  'FormData',
  'XMLHttpRequest',
  'localStorage',
  'sessionStorage',
  'navigator',
  'location',
  'history',
  'alert',
  'Response',
  'Request',
  'Headers',
]);
const H5_METHODS = new Set(['createObjectURL', 'revokeObjectURL']);
/** Whether `p` sits where only a `typeof name` test lets it run: `if (typeof window === 'object') return window`. */
function guardedByTypeof(p, name) {
  const asks = (test) => {
    let yes = false;
    traverse.cheap(test, (n) => {
      if (n.type === 'UnaryExpression' && n.operator === 'typeof' && n.argument.type === 'Identifier' && n.argument.name === name)
        yes = true;
    });
    return yes;
  };
  for (let child = p, up = p.parentPath; up; child = up, up = up.parentPath) {
    const n = up.node;
    if ((n.type === 'IfStatement' || n.type === 'ConditionalExpression') && child.node !== n.test && asks(n.test)) return true;
    if (n.type === 'LogicalExpression' && n.operator === '&&' && child.node === n.right && asks(n.left)) return true;
  }
  return false;
}

const js = filesOf(dir, '.js');
for (const f of js) {
  const code = readFileSync(path.join(dir, f), 'utf8');
  const ast = parse(code, { sourceType: 'script', errorRecovery: false, allowReturnOutsideFunction: true });
  const found = new Map();
  const note = (what, node) => {
    const at = `${what} at ${f}:${node.loc.start.line}:${node.loc.start.column}`;
    if (!found.has(what)) found.set(what, { at, context: code.slice(Math.max(0, node.start - 60), node.end + 40) });
  };
  traverse(ast, {
    ReferencedIdentifier(p) {
      const name = p.node.name;
      if (!H5_GLOBALS.has(name) || p.scope.hasBinding(name, true)) return;
      // `typeof fetch` is how portable code asks, and what it guards never runs in WeChat.
      if (p.parentPath.isUnaryExpression({ operator: 'typeof' }) || guardedByTypeof(p, name)) return;
      note(`the browser global \`${name}\``, p.node);
    },
    MemberExpression(p) {
      const prop = p.node.property;
      const name = !p.node.computed && prop.type === 'Identifier' ? prop.name : prop.type === 'StringLiteral' ? prop.value : null;
      if (name && H5_METHODS.has(name) && p.parentPath.isCallExpression({ callee: p.node })) note(`URL.${name}()`, p.node);
    },
  });
  for (const { at, context } of found.values())
    problems.push(`H5-only code in the weapp package: ${at}: …${context.replace(/\s+/g, ' ')}…`);
}

// WeChat's own rules for app.json that DevTools would refuse at upload: the privacy check on; in dark mode, every
// `@name` of app.json (window, tabBar) set in both themes of theme.json; the AppID of the build, not a placeholder.
{
  const app = JSON.parse(readFileSync(path.join(dir, 'app.json'), 'utf8'));
  if (app.__usePrivacyCheck__ !== true)
    problems.push('app.json: __usePrivacyCheck__ must be true (WeChat: privacy APIs wait for the user to agree)');
  const names = [...JSON.stringify({ window: app.window, tabBar: app.tabBar }).matchAll(/"@(\w+)"/g)].map((m) => m[1]);
  if (app.darkmode) {
    const themeFile = path.join(dir, app.themeLocation ?? 'theme.json');
    if (!existsSync(themeFile)) problems.push(`app.json: darkmode is on but ${app.themeLocation ?? 'theme.json'} is not in the package`);
    else {
      const theme = JSON.parse(readFileSync(themeFile, 'utf8'));
      for (const mode of ['light', 'dark'])
        for (const n of names) if (!theme[mode]?.[n]) problems.push(`theme.json: "${n}" (used as @${n} in app.json) has no ${mode} value`);
    }
  } else if (names.length) problems.push(`app.json uses @${names[0]} but darkmode is off`);
  const project = path.join(dir, 'project.config.json');
  if (existsSync(project)) {
    const { appid } = JSON.parse(readFileSync(project, 'utf8'));
    if (appid === 'touristappid') problems.push('project.config.json: appid is the tourist placeholder; build with TARO_APP_APPID');
    if (process.env.TARO_APP_APPID && appid !== process.env.TARO_APP_APPID)
      problems.push(`project.config.json: appid "${appid}" is not TARO_APP_APPID "${process.env.TARO_APP_APPID}"`);
  }
}

if (problems.length) {
  for (const p of problems) console.error(`check-package: ${p}`);
  process.exit(1);
}
console.log(
  `check-package: ${wxml.length} WXML and ${wxss.length} WXSS files accepted by WeChat's compilers; no H5-only API in ${js.length} JS files`,
);
