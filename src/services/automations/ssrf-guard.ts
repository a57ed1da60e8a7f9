/**
 * The SSRF guard of webhooks: which addresses a webhook may reach, a DNS lookup for `http(s).request`
 * that checks every address it hands the connection (so a name cannot be re-pointed between the check
 * and the connect), and the check of a webhook URL when an automation is created.
 */

import { lookup as dnsLookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { arcaError } from '../../core/errors.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (the guard checks them all). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (`dns.lookup` with `all: true`, so /etc/hosts counts as it does for any client). */
export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 })));
    });
  });

/** Why an address is refused: the range it falls in, by name and CIDR. */
export interface Refusal {
  range: string;
  cidr: string;
  /** The IPv4 address checked when `address` embeds one (IPv4-mapped, IPv4-compatible, NAT64). */
  embedded?: string;
}

export interface AddressPolicy {
  /** The refusal of `address` reached through `hostname`, or undefined when a webhook may connect to it. */
  refusal(hostname: string, address: string): Refusal | undefined;
  allows(hostname: string, address: string): boolean;
}

interface NamedRange {
  name: string;
  cidr: string;
  list: BlockList;
}

function range(name: string, cidr: string): NamedRange {
  const [network = '', prefix = ''] = cidr.split('/');
  const list = new BlockList();
  list.addSubnet(network, Number(prefix), isIP(network) === 6 ? 'ipv6' : 'ipv4');
  return { name, cidr, list };
}

/** The refused IPv4 ranges, the narrower first so that the message names the most telling one. */
const refusedV4: readonly NamedRange[] = [
  range('cloud metadata (Alibaba Cloud)', '100.100.100.200/32'),
  range('"this network"', '0.0.0.0/8'),
  range('private', '10.0.0.0/8'),
  range('carrier-grade NAT (shared address space)', '100.64.0.0/10'),
  range('loopback', '127.0.0.0/8'),
  range('link-local / cloud metadata', '169.254.0.0/16'),
  range('private', '172.16.0.0/12'),
  range('IETF protocol assignments', '192.0.0.0/24'),
  range('private', '192.168.0.0/16'),
  range('benchmarking', '198.18.0.0/15'),
  range('multicast', '224.0.0.0/4'),
  range('reserved / broadcast', '240.0.0.0/4'),
];

const refusedV6: readonly NamedRange[] = [
  range('unspecified', '::/128'),
  range('loopback', '::1/128'),
  range('unique local (private, incl. AWS metadata fd00:ec2::254)', 'fc00::/7'),
  range('link-local', 'fe80::/10'),
  range('site-local (deprecated, still routed by some networks)', 'fec0::/10'),
  range('multicast', 'ff00::/8'),
  // Teredo hides its IPv4 addresses (obfuscated server and client): no telling where it leads.
  range('Teredo tunnel', '2001::/32'),
];

/** The 8 groups of an IPv6 address (with or without a trailing dotted IPv4), or undefined. */
function ipv6Groups(address: string): number[] | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/**
 * The IPv4 address an IPv6 address carries, when its prefix says it does: IPv4-mapped (::ffff:0:0/96),
 * IPv4-compatible (::/96), NAT64 (64:ff9b::/96) in the last 32 bits, 6to4 (2002::/16) in bits 16–47.
 */
function embeddedIpv4(address: string): string | undefined {
  const groups = ipv6Groups(address);
  if (groups === undefined) return undefined;
  const [g0, g1 = 0, g2 = 0, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  const dotted = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  if (g0 === 0x2002) return dotted(g1, g2);
  const mapped = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff;
  const compatible = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && (g6 !== 0 || g7 > 1);
  const nat64 = g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0;
  return mapped || compatible || nat64 ? dotted(g6, g7) : undefined;
}

/** An address without its IPv6 zone (`fe80::1%eth0`): the zone picks an interface, not a range. */
function withoutZone(address: string): string {
  const zone = address.indexOf('%');
  return zone === -1 ? address : address.slice(0, zone);
}

/** The refused range `address` falls in (an IPv6 address embedding an IPv4 one is judged by the IPv4). */
export function refusedRangeOf(scoped: string): Refusal | undefined {
  const address = withoutZone(scoped);
  const family = isIP(address);
  if (family === 4) {
    const hit = refusedV4.find((r) => r.list.check(address, 'ipv4'));
    return hit && { range: hit.name, cidr: hit.cidr };
  }
  if (family !== 6) return { range: 'not an IP address', cidr: '-' };
  const v4 = embeddedIpv4(address);
  if (v4 !== undefined) {
    const hit = refusedRangeOf(v4);
    return hit && { ...hit, embedded: v4 };
  }
  const hit = refusedV6.find((r) => r.list.check(address, 'ipv6'));
  return hit && { range: hit.name, cidr: hit.cidr };
}

/** A host name as the policy compares it: lowercase, no IPv6 brackets, no trailing dot. */
export function normalHost(hostname: string): string {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return bare.toLowerCase().replace(/\.$/, '');
}

const hostLabel = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

function isHostName(text: string): boolean {
  return text.length <= 253 && text.split('.').every((label) => hostLabel.test(label));
}

/**
 * The policy of `automations.allow_hosts`: each entry an exact host name (case-insensitive), an IP
 * address or a CIDR (v4 or v6); an address a refused range holds is allowed only when an entry covers it.
 * Throws an Error naming the first invalid entry.
 */
export function addressPolicy(allowHosts: readonly string[]): AddressPolicy {
  const hosts = new Set<string>();
  const allowed = new BlockList();
  for (const entry of allowHosts) {
    const text = typeof entry === 'string' ? entry.trim() : '';
    const [network = '', prefix, extra] = text.split('/');
    const family = isIP(network);
    if (prefix === undefined && family !== 0) allowed.addAddress(network, family === 6 ? 'ipv6' : 'ipv4');
    else if (prefix !== undefined && family !== 0 && extra === undefined && /^\d{1,3}$/.test(prefix)) {
      const bits = Number(prefix);
      if (bits > (family === 6 ? 128 : 32))
        throw new Error(`allow_hosts entry ${JSON.stringify(entry)}: the prefix /${bits} is longer than the address`);
      allowed.addSubnet(network, bits, family === 6 ? 'ipv6' : 'ipv4');
    } else if (prefix === undefined && isHostName(normalHost(text))) hosts.add(normalHost(text));
    else
      throw new Error(
        `allow_hosts entry ${JSON.stringify(entry)} is neither a host name, an IP address nor a CIDR (such as 10.0.0.0/8 or fd00::/8); wildcards are not supported`,
      );
  }
  const isAllowed = (scoped: string): boolean => {
    const address = withoutZone(scoped);
    const v4 = embeddedIpv4(address);
    if (v4 !== undefined && allowed.check(v4, 'ipv4')) return true;
    return allowed.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
  };
  const refusal = (hostname: string, address: string): Refusal | undefined => {
    if (hosts.has(normalHost(hostname))) return undefined;
    const hit = refusedRangeOf(address);
    return hit !== undefined && isIP(address) !== 0 && isAllowed(address) ? undefined : hit;
  };
  return { refusal, allows: (hostname, address) => refusal(hostname, address) === undefined };
}

/** The catalogue error for a refused target, naming the range and how an operator allows it. */
export function targetRefused(hostname: string, address: string, refusal: Refusal) {
  const via = refusal.embedded === undefined ? address : `${address} → ${refusal.embedded}`;
  return arcaError('WebhookTargetRefused', {
    host: normalHost(hostname),
    address: via,
    range: refusal.range,
    cidr: refusal.cidr,
  });
}

/** Throws WebhookTargetRefused unless the policy allows every address. */
export function assertAllowed(policy: AddressPolicy, hostname: string, addresses: readonly string[]): void {
  for (const address of addresses) {
    const refusal = policy.refusal(hostname, address);
    if (refusal !== undefined) throw targetRefused(hostname, address, refusal);
  }
}

/**
 * The `lookup` of `http(s).request`: resolves once, checks every address, and hands the connection
 * only the checked addresses (the connection never resolves the name again).
 */
export function guardedLookup(policy: AddressPolicy, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (resolved) => {
        try {
          if (resolved.length === 0)
            throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
          assertAllowed(
            policy,
            hostname,
            resolved.map((r) => r.address),
          );
        } catch (error) {
          callback(error as NodeJS.ErrnoException, '', 0);
          return;
        }
        const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
        const usable = wanted === undefined ? resolved : resolved.filter((r) => r.family === wanted);
        if (options.all) callback(null, usable);
        else if (usable[0] === undefined)
          callback(Object.assign(new Error(`${hostname} has no IPv${wanted} address`), { code: 'ENOTFOUND' }), '', 0);
        else callback(null, usable[0].address, usable[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

const maxUrlLength = 2048;

/**
 * The check of a webhook URL when an automation is created or changed: http or https, no user
 * information, no fragment, at most 2048 characters, and a host whose every address the policy allows.
 */
export async function checkWebhookUrl(
  url: string,
  policy: AddressPolicy,
  resolve: Resolver = systemResolver,
): Promise<URL> {
  if (url.length > maxUrlLength)
    throw arcaError('WebhookUrlInvalid', 'tooLong', { length: url.length, max: maxUrlLength });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw arcaError('WebhookUrlInvalid', { problem: 'is not an absolute URL (such as https://example.com/hook)' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw arcaError('WebhookUrlInvalid', 'scheme', { scheme: parsed.protocol.replace(/:$/, '') });
  if (parsed.username !== '' || parsed.password !== '') throw arcaError('WebhookUrlInvalid', 'credentials', {});
  if (url.includes('#')) throw arcaError('WebhookUrlInvalid', 'fragment', {});
  const host = normalHost(parsed.hostname);
  if (isIP(host) !== 0) {
    assertAllowed(policy, host, [host]);
    return parsed;
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw arcaError('WebhookUrlInvalid', 'unresolved', { host, problem: code });
  }
  if (addresses.length === 0) throw arcaError('WebhookUrlInvalid', 'unresolved', { host, problem: 'no address' });
  assertAllowed(
    policy,
    host,
    addresses.map((a) => a.address),
  );
  return parsed;
}
