/** IP address parsing without `node:net` (the server entry also runs on workers): canonical text out. */

function ipv4(text: string): string | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes.push(value);
  }
  return bytes.join('.');
}

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail allowed), or `undefined`. */
function ipv6Groups(text: string): number[] | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (half: string): number[] | undefined => {
    if (half === '') return [];
    const groups: number[] = [];
    const pieces = half.split(':');
    for (let index = 0; index < pieces.length; index++) {
      const piece = pieces[index] as string;
      if (index === pieces.length - 1 && piece.includes('.')) {
        const v4 = ipv4(piece);
        if (v4 === undefined) return undefined;
        const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
        groups.push((a << 8) | b, (c << 8) | d);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(piece)) {
        groups.push(Number.parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const head = parse(halves[0] as string);
  const tail = halves.length === 2 ? parse(halves[1] as string) : [];
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : undefined;
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run of 2+ zero groups as `::`. */
function ipv6Text(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < groups.length; ) {
    if (groups[start] !== 0) {
      start++;
      continue;
    }
    let end = start;
    while (end < groups.length && groups[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** A parsed address: its family and canonical text (an IPv4-mapped IPv6 address is IPv4). */
export interface ParsedIp {
  family: 4 | 6;
  text: string;
  /** The eight groups, for IPv6. */
  groups?: number[];
}

/**
 * Parses one address as a proxy header or a socket carries it: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`,
 * `[2001:db8::1]` or `[2001:db8::1]:443`. Zone ids, names and anything else give `undefined`.
 */
export function parseIp(raw: string): ParsedIp | undefined {
  let text = raw.trim();
  if (text === '' || text.length > 64) return undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  if (bracketed) {
    text = bracketed[1] as string;
  } else {
    const withPort = /^([\d.]+):\d{1,5}$/.exec(text);
    if (withPort) text = withPort[1] as string;
  }
  const v4 = ipv4(text);
  if (v4 !== undefined) return { family: 4, text: v4 };
  if (bracketed === null && text.includes('.') && !text.includes(':')) return undefined;
  const groups = ipv6Groups(text);
  if (groups === undefined) return undefined;
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) {
    const [, , , , , , high, low] = groups as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    return { family: 4, text: [high >> 8, high & 255, low >> 8, low & 255].join('.') };
  }
  return { family: 6, text: ipv6Text(groups), groups };
}

/**
 * The rate-limit bucket of a key: an IPv6 address counts per /64 network (one subscriber usually holds a
 * whole /64 and could otherwise rotate through it), an IPv4 address or IPv4-mapped IPv6 address per
 * address, and any other key as it is.
 */
export function rateLimitBucket(key: string): string {
  const parsed = parseIp(key);
  if (parsed === undefined) return key;
  if (parsed.family === 4) return parsed.text;
  const prefix = [...(parsed.groups as number[]).slice(0, 4), 0, 0, 0, 0];
  return `${ipv6Text(prefix)}/64`;
}
