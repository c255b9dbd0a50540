import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientIp } from '../../../src/server/index.ts';
import { rateLimitBucket } from '../../../src/server/ipAddress.ts';

// clientIp over the header shapes proxies send: one address, a list appended to by proxies, ports,
// brackets, IPv4-mapped IPv6, and garbage.

function withHeader(name: string, value: string | undefined): Request {
  const headers = new Headers();
  if (value !== undefined) headers.set(name, value);
  return new Request('http://app.test/', { headers });
}

/** WHATWG URL's IPv6 serializer (RFC 5952) as the oracle for canonical IPv6 text. */
function canonicalV6(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

const spoofed = fc.array(
  fc.oneof(
    fc.ipV4(),
    fc.ipV6(),
    fc.string({ maxLength: 20 }).filter((s) => !s.includes(',')),
  ),
  { maxLength: 4 },
);
const seeds = [11, 22, 33];

describe('clientIp', () => {
  it('x-forwarded-for: always the rightmost entry (the trusted proxy appended it), whatever the browser put before', () => {
    for (const seed of seeds) {
      fc.assert(
        fc.property(spoofed, fc.ipV4(), (left, ip) => {
          const value = [...left, ip].join(', ');
          expect(clientIp(withHeader('x-forwarded-for', value), { trustedHeader: 'x-forwarded-for' })).toBe(
            ip,
          );
        }),
        { seed, numRuns: 200 },
      );
    }
  });

  it('counterexample kept: "0.0.0.0, 0.0.0.1" is 0.0.0.1, not the leftmost', () => {
    const request = withHeader('x-forwarded-for', '0.0.0.0, 0.0.0.1');
    expect(clientIp(request, { trustedHeader: 'x-forwarded-for' })).toBe('0.0.0.1');
  });

  it('IPv6 comes back in canonical form, bare, bracketed or with a port', () => {
    for (const seed of seeds) {
      fc.assert(
        fc.property(fc.ipV6(), fc.integer({ min: 1, max: 65_535 }), (ip, port) => {
          const canonical = canonicalV6(ip);
          const expected =
            canonical.startsWith('::ffff:') && !/:.*:.*:/.test(canonical.slice(7))
              ? undefined // IPv4-mapped: checked below
              : canonical;
          if (expected === undefined) return;
          for (const form of [ip, ip.toUpperCase(), `[${ip}]`, `[${ip}]:${port}`]) {
            expect(
              clientIp(withHeader('cf-connecting-ip', form), { trustedHeader: 'cf-connecting-ip' }),
            ).toBe(expected);
          }
        }),
        { seed, numRuns: 200 },
      );
    }
  });

  it('IPv4 with a port, and IPv4-mapped IPv6, come back as plain IPv4', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 1, max: 65_535 }), (ip, port) => {
        for (const form of [ip, `${ip}:${port}`, `::ffff:${ip}`, `[::ffff:${ip}]:${port}`]) {
          expect(clientIp(withHeader('x-real-ip', form), { trustedHeader: 'x-real-ip' })).toBe(ip);
        }
      }),
      { seed: 5, numRuns: 200 },
    );
  });

  it('never returns anything but an IP address, whatever the header holds', () => {
    for (const seed of seeds) {
      fc.assert(
        fc.property(fc.string({ maxLength: 80 }), (value) => {
          let request: Request;
          try {
            request = withHeader('x-real-ip', value);
          } catch {
            return; // Headers refuses the value: no request can carry it.
          }
          const result = clientIp(request, { trustedHeader: 'x-real-ip' });
          if (result !== undefined) expect(isIP(result)).not.toBe(0);
        }),
        { seed, numRuns: 500 },
      );
    }
  });

  it.each([
    ['a missing header', undefined],
    ['an empty header', ''],
    ['a name, not an address', 'localhost'],
    ['a rightmost entry that is not an address (never falls back to the leftmost)', '203.0.113.9, unknown'],
    ['a trailing comma', '203.0.113.9,'],
    ['a zone id', 'fe80::1%eth0'],
    ['an octet over 255', '256.1.1.1'],
    ['hex IPv4', '0x7f.0.0.1'],
    ['three octets', '10.0.1'],
    ['two ::', '1::2::3'],
  ])('gives undefined for %s', (_name, value) => {
    expect(
      clientIp(withHeader('x-forwarded-for', value), { trustedHeader: 'x-forwarded-for' }),
    ).toBeUndefined();
  });

  it('reads only the named header (the platforms documented in docs/server.md)', () => {
    const request = new Request('http://app.test/', {
      headers: {
        'x-forwarded-for': '198.51.100.1',
        'x-real-ip': '198.51.100.2',
        'x-vercel-forwarded-for': '198.51.100.3',
        'cf-connecting-ip': '2001:db8::4',
      },
    });
    expect(clientIp(request, { trustedHeader: 'x-real-ip' })).toBe('198.51.100.2');
    expect(clientIp(request, { trustedHeader: 'X-Vercel-Forwarded-For' })).toBe('198.51.100.3');
    expect(clientIp(request, { trustedHeader: 'cf-connecting-ip' })).toBe('2001:db8::4');
  });

  it('a trustedHeader that is not a header name is a TypeError', () => {
    const request = withHeader('x-real-ip', '1.2.3.4');
    expect(() => clientIp(request, { trustedHeader: 'x real ip' })).toThrow(TypeError);
    expect(() => clientIp(request, {} as never)).toThrow(/trustedHeader/);
  });
});

describe('rate-limit buckets of address keys', () => {
  const group = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
  const groups = (count: number) => fc.array(group, { minLength: count, maxLength: count });

  it('IPv6 addresses share a bucket exactly when their first 64 bits match', () => {
    // b is a with its low 64 bits replaced and, half of the time, one of its first four groups changed.
    const pair = fc
      .tuple(groups(4), groups(4), groups(4), fc.option(fc.tuple(fc.integer({ min: 0, max: 3 }), group)))
      .map(([prefix, lowA, lowB, change]) => {
        const prefixB = [...prefix];
        if (change !== null) prefixB[change[0]] = change[1];
        return { prefix, prefixB, lowA, lowB };
      });
    for (const seed of seeds) {
      fc.assert(
        fc.property(pair, ({ prefix, prefixB, lowA, lowB }) => {
          const a = [...prefix, ...lowA].join(':');
          const b = [...prefixB, ...lowB].join(':');
          const mapped = (ip: string) => new URL(`http://[${ip}]/`).hostname.startsWith('[::ffff:');
          fc.pre(!mapped(a) && !mapped(b));
          const sameNetwork =
            prefix.map((g) => Number.parseInt(g, 16)).join() ===
            prefixB.map((g) => Number.parseInt(g, 16)).join();
          expect(rateLimitBucket(a) === rateLimitBucket(b)).toBe(sameNetwork);
          expect(rateLimitBucket(a)).toMatch(/\/64$/);
        }),
        { seed, numRuns: 300 },
      );
    }
  });

  it('counterexample kept (a /48 grouping): :: and 0:0:0:1:: are different /64 networks', () => {
    expect(rateLimitBucket('::')).toBe('::/64');
    expect(rateLimitBucket('0:0:0:1::')).toBe('0:0:0:1::/64');
  });

  it('keys that are not addresses stay as they are; IPv4 loses only its port', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        if (isIP(key) === 0 && !/^[\d.]+:\d+$/.test(key) && !key.startsWith('['))
          expect(rateLimitBucket(key)).toBe(key);
      }),
      { seed: 3, numRuns: 500 },
    );
    expect(rateLimitBucket('user:42')).toBe('user:42');
    expect(rateLimitBucket('203.0.113.7:5555')).toBe('203.0.113.7');
  });
});
