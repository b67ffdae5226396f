// Draws the six tab-bar icons (64×64 PNG, ~1 KB each) with no image library: shapes sampled 4× per pixel.
// Run once: node scripts/make-icons.mjs (the PNGs are committed under src/assets/).
import { deflateSync } from 'node:zlib'
import { writeFileSync, mkdirSync } from 'node:fs'

const N = 64
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf) => {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type, data) => {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
function png(inside, [r, g, b]) {
  const raw = Buffer.alloc(N * (N * 4 + 1))
  for (let y = 0; y < N; y++) {
    raw[y * (N * 4 + 1)] = 0
    for (let x = 0; x < N; x++) {
      let hits = 0
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) if (inside((x + (sx + 0.5) / 4) / N, (y + (sy + 0.5) / 4) / N)) hits++
      const o = y * (N * 4 + 1) + 1 + x * 4
      raw[o] = r
      raw[o + 1] = g
      raw[o + 2] = b
      raw[o + 3] = Math.round((hits / 16) * 255)
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(N, 0)
  ihdr.writeUInt32BE(N, 4)
  ihdr[8] = 8
  ihdr[9] = 6
  ihdr[10] = 0
  ihdr[11] = 0
  ihdr[12] = 0
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const any =
  (...fs) =>
  (x, y) =>
    fs.some((f) => f(x, y))
const minus = (a, b) => (x, y) => a(x, y) && !b(x, y)

// 议题: a checklist — three ticks' boxes and lines.
const topics = any(
  rect(0.14, 0.2, 0.28, 0.34),
  rect(0.38, 0.23, 0.86, 0.31),
  rect(0.14, 0.44, 0.28, 0.58),
  rect(0.38, 0.47, 0.86, 0.55),
  rect(0.14, 0.68, 0.28, 0.82),
  rect(0.38, 0.71, 0.76, 0.79),
)
// 协商: two speech bubbles facing each other.
const bubble = (cx, cy, tailX, dir) =>
  any(
    (x, y) => ((x - cx) / 0.26) ** 2 + ((y - cy) / 0.19) ** 2 <= 1,
    (x, y) =>
      y >= cy + 0.1 &&
      y <= cy + 0.26 &&
      (dir > 0 ? x >= tailX && x <= tailX + (cy + 0.26 - y) * 0.9 : x <= tailX && x >= tailX - (cy + 0.26 - y) * 0.9),
  )
const talks = any(
  bubble(0.36, 0.34, 0.24, 1),
  minus(bubble(0.64, 0.6, 0.76, -1), (x, y) => ((x - 0.36) / 0.31) ** 2 + ((y - 0.34) / 0.24) ** 2 <= 1),
)
// 我的: a person — head and shoulders.
const me = any(
  circle(0.5, 0.33, 0.17),
  minus((x, y) => ((x - 0.5) / 0.33) ** 2 + ((y - 0.88) / 0.3) ** 2 <= 1, rect(0, 0.88, 1, 1)),
)

const grey = [0x66, 0x66, 0x66]
const red = [0xb3, 0x26, 0x1e]
mkdirSync('src/assets', { recursive: true })
for (const [name, shape] of [
  ['topics', topics],
  ['talks', talks],
  ['me', me],
]) {
  writeFileSync(`src/assets/tab-${name}.png`, png(shape, grey))
  writeFileSync(`src/assets/tab-${name}-on.png`, png(shape, red))
}
