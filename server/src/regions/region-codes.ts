// GB/T 2260 codes nest by prefix: a province XX0000 holds every XX…, a city XXYY00 every XXYY… (the national tree in
// @vant/area-data keeps even the directly-administered counties under a XXYY00 parent). A subtree is therefore a
// contiguous range of codes, which both databases answer from an ordinary index.

export function regionLevel(code: string): 'province' | 'city' | 'county' {
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The inclusive range [low, high] of codes in the subtree of `code`. */
export function regionRange(code: string): [string, string] {
  switch (regionLevel(code)) {
    case 'province':
      return [code, `${code.slice(0, 2)}9999`];
    case 'city':
      return [code, `${code.slice(0, 4)}99`];
    default:
      return [code, code];
  }
}

/** Whether `code` is `ancestor` or lies below it. */
export function isWithin(code: string | null | undefined, ancestor: string | null | undefined): boolean {
  if (!code || !ancestor) return false;
  const [low, high] = regionRange(ancestor);
  return code >= low && code <= high;
}

/** The codes from the province down to `code` itself. */
export function regionPath(code: string): string[] {
  const path = [`${code.slice(0, 2)}0000`];
  if (regionLevel(code) !== 'province') path.push(`${code.slice(0, 4)}00`);
  if (regionLevel(code) === 'county') path.push(code);
  return [...new Set(path)];
}
