import { isIP } from 'node:net';

/** How many leading bits of an address identify one client. */
export interface AddressGrouping {
  /** @defaultValue 32 (each IPv4 address is its own client) */
  readonly ipv4Prefix: number;
  /** @defaultValue 64 (one client per /64, the usual allocation to one subscriber) */
  readonly ipv6Prefix: number;
}

/**
 * Turns a client address into the group a limit counts against: the address masked to the
 * configured prefix, in one canonical spelling. IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`)
 * count as their IPv4 address, and zone identifiers are ignored.
 *
 * Security: an IPv6 subscriber usually holds a whole /64 and can pick a fresh address per
 * request; counting single addresses would give them 2^64 budgets.
 *
 * @param address - The address the runtime resolved (socket or trusted proxy).
 * @param grouping - Prefix lengths for IPv4 and IPv6.
 * @returns `v4:<address>/<prefix>`, `v6:<8 hextets>/<prefix>`, or `raw:<input>` for anything
 *   that is not an IP address (such as a Unix socket path).
 */
export function groupClientAddress(address: string, grouping: AddressGrouping): string {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return groupIpv4(bare, grouping.ipv4Prefix);
  if (family !== 6) return `raw:${address}`;

  const hextets = expandIpv6(bare);
  const isMapped = hextets.slice(0, 5).every((h) => h === 0) && hextets[5] === 0xffff;
  if (isMapped) {
    const [hi = 0, lo = 0] = hextets.slice(6);
    return groupIpv4(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, grouping.ipv4Prefix);
  }
  const masked = maskBits(hextets, 16, grouping.ipv6Prefix);
  return `v6:${masked.map((h) => h.toString(16).padStart(4, '0')).join(':')}/${grouping.ipv6Prefix}`;
}

function groupIpv4(address: string, prefix: number): string {
  const masked = maskBits(address.split('.').map(Number), 8, prefix);
  return `v4:${masked.join('.')}/${prefix}`;
}

/** Keeps the first `prefix` bits of a sequence of `width`-bit words and zeroes the rest. */
function maskBits(words: readonly number[], width: number, prefix: number): number[] {
  return words.map((word, i) => {
    const keep = Math.min(width, Math.max(0, prefix - i * width));
    if (keep === 0) return 0;
    return word & (((1 << keep) - 1) << (width - keep));
  });
}

/** Expands a valid IPv6 address (`::` and a trailing dotted IPv4 allowed) into 8 numbers. */
function expandIpv6(address: string): number[] {
  const toHextets = (part: string): number[] => {
    if (part === '') return [];
    return part.split(':').flatMap((piece) => {
      if (!piece.includes('.')) return [parseInt(piece, 16)];
      const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
      return [(a << 8) | b, (c << 8) | d];
    });
  };
  const [head = '', tail] = address.split('::');
  const front = toHextets(head);
  if (tail === undefined) return front;
  const back = toHextets(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}
