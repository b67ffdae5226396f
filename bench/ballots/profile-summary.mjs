// Summarises a .cpuprofile: self time by function and by package (node_modules/<pkg>, node internals, app code),
// and inclusive time of a few frames of interest.   node bench/ballots/profile-summary.mjs FILE [TOP]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const TOP = Number(topArg ?? 30);
const p = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = p.timeDeltas;
for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (dt[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);

const where = (cf) => {
  const u = cf.url || '';
  const m = u.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1];
  if (u.includes('/server/dist/')) return `app:${u.split('/server/dist/')[1]}`;
  if (u.startsWith('node:')) return u;
  return u ? u.split('/').slice(-2).join('/') : `(${cf.functionName || 'native'})`;
};
const pkgOf = (cf) => {
  const w = where(cf);
  return w.startsWith('app:') ? 'app' : w.startsWith('node:') ? 'node-internal' : w;
};

const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
const fnSelf = new Map();
const pkgSelf = new Map();
for (const [id, t] of self) {
  const cf = byId.get(id).callFrame;
  add(fnSelf, `${cf.functionName || '(anonymous)'}  ${where(cf)}:${cf.lineNumber + 1}`, t);
  add(pkgSelf, pkgOf(cf), t);
}
const pct = (t) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
console.log(`total sampled ${(total / 1000).toFixed(0)} ms`);
console.log('\n-- self time by package --');
for (const [k, t] of [...pkgSelf].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(pct(t), k);
console.log('\n-- self time by function --');
for (const [k, t] of [...fnSelf].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(pct(t), k);

// Inclusive time per package "entry": time under the first frame of a package on each stack (not double counted).
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (const [id, t] of self) {
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const cf = byId.get(cur).callFrame;
    const k = `${cf.functionName || '(anonymous)'}  ${where(cf)}`;
    if (seen.has(k)) continue;
    seen.add(k);
    add(incl, k, t);
  }
}
console.log('\n-- inclusive time (top frames) --');
for (const [k, t] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, TOP * 2)) console.log(pct(t), k);
