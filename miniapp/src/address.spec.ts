// The mini-program speaks to everyone as 你, never in the formal form (the server's messages are checked on its side).
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

const FORMAL = '\u60a8' // the formal you, spelled as an escape so that this file does not find itself

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return sources(p)
    return /\.(ts|tsx|json|html)$/.test(e.name) ? [p] : []
  })
}

it('addresses the user as 你 in every screen, toast and dialog', () => {
  const found = sources(__dirname).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (line.includes(FORMAL) ? [`${path.relative(__dirname, file)}:${i + 1}: ${line.trim()}`] : [])),
  )
  expect(found).toEqual([])
})
