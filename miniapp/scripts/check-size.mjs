// Fails when the WeChat main package or any subpackage exceeds 2 MB, or all together 20 MB (WeChat refuses to upload
// it; 20 MB is the limit when a service provider develops the mini-program), and prints the sizes.
// Main package = the weapp build minus the subpackage roots declared in app.json. Usage: node scripts/check-size.mjs [dist/weapp]
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const MAIN_LIMIT = 2 * 1024 * 1024
const PACKAGE_LIMIT = 2 * 1024 * 1024
const TOTAL_LIMIT = 20 * 1024 * 1024
const here = path.dirname(fileURLToPath(import.meta.url))
const dir = path.resolve(process.argv[2] ?? path.join(here, '..', 'dist', 'weapp'))

if (!existsSync(path.join(dir, 'app.json'))) {
  console.error(`check-size: no weapp build at ${dir} (run npm run build:weapp first)`)
  process.exit(1)
}
const app = JSON.parse(readFileSync(path.join(dir, 'app.json'), 'utf8'))
const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/$/, ''))

function sizeOf(p) {
  const st = statSync(p)
  if (!st.isDirectory()) return st.size
  return readdirSync(p).reduce((sum, f) => sum + sizeOf(path.join(p, f)), 0)
}

const total = sizeOf(dir)
const perPackage = roots.map((r) => [r, existsSync(path.join(dir, r)) ? sizeOf(path.join(dir, r)) : 0])
const main = total - perPackage.reduce((s, [, n]) => s + n, 0)
const kb = (n) => `${(n / 1024).toFixed(1)} KB`

console.log(`weapp main package: ${kb(main)} (limit 2048 KB)`)
for (const [r, n] of perPackage) console.log(`  subpackage ${r}: ${kb(n)} (limit 2048 KB)`)
console.log(`weapp total: ${kb(total)} (limit 20480 KB)`)

if (main > MAIN_LIMIT) {
  console.error(`check-size: the main package is ${kb(main)}, over WeChat's 2 MB limit: move pages to a subpackage or drop a dependency.`)
  process.exit(1)
}
for (const [r, n] of perPackage) {
  if (n > PACKAGE_LIMIT) {
    console.error(`check-size: the subpackage ${r} is ${kb(n)}, over WeChat's 2 MB limit for one package: split it.`)
    process.exit(1)
  }
}
if (total > TOTAL_LIMIT) {
  console.error(`check-size: all packages together are ${kb(total)}, over WeChat's 20 MB limit.`)
  process.exit(1)
}
