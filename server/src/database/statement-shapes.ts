// better-sqlite3 prepares a statement for every new SQL text, and TypeORM keeps the last 100 of them. A multi-row
// statement whose number of rows follows the batch (ballots, their kept counts) would be a new text almost every
// time, and preparing one costs several times what running it does (a 30-row upsert: ~120 µs to prepare, ~26 µs to
// run, measured here). Padded up to one of these few sizes, the texts stay cached.

const SHAPES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] as const;

/** The most rows one padded statement takes. */
export const MAX_SHAPE = SHAPES[SHAPES.length - 1];

/** The number of rows a statement of n rows is padded up to (n itself above MAX_SHAPE). */
export function shapeOf(n: number): number {
  for (const s of SHAPES) if (s >= n) return s;
  return n;
}

/** `items` padded to its shape with copies of its last item made by `filler` (unchanged when already a shape). */
export function padded<T>(items: readonly T[], filler: (last: T) => T = (last) => last): T[] {
  const out = [...items];
  if (!out.length) return out;
  const last = filler(out[out.length - 1]);
  while (out.length < shapeOf(items.length)) out.push(last);
  return out;
}
