import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

// Addresses a webhook may never be sent to: link-local (cloud metadata services live at
// 169.254.169.254), unspecified and multicast/broadcast. Private ranges stay allowed: receivers
// inside the bank network are the usual case.
const refused = new BlockList();
refused.addSubnet('169.254.0.0', 16, 'ipv4');
refused.addSubnet('0.0.0.0', 8, 'ipv4');
refused.addSubnet('224.0.0.0', 4, 'ipv4');
refused.addAddress('255.255.255.255', 'ipv4');
refused.addSubnet('fe80::', 10, 'ipv6');
refused.addAddress('::', 'ipv6');
refused.addSubnet('ff00::', 8, 'ipv6');

export function isRefusedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    // An IPv4 address written as IPv6 (::ffff:169.254.169.254) is that IPv4 address.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return refused.check(mapped[1]!, 'ipv4');
    return refused.check(address, 'ipv6');
  }
  return refused.check(address, 'ipv4');
}

/** Why a webhook URL is refused, or null: http(s) only, no credentials, no refused address literal. */
export function webhookUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  if (url.username !== '' || url.password !== '') return 'must not carry credentials; the signature authenticates Docket';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isRefusedAddress(host)) return 'must not point at a link-local, unspecified or multicast address';
  return null;
}

export class RefusedAddressError extends Error {}

/**
 * A DNS lookup for http.request that refuses the addresses above: a name that resolves to the
 * metadata service is refused at send time, on the address actually connected to.
 */
export function guardedLookup(
  hostname: string,
  options: { family?: number | string; all?: boolean },
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
): void {
  dnsLookup(hostname, { ...options, all: true } as { all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const bad = addresses.find((a) => isRefusedAddress(a.address));
    if (bad) return callback(new RefusedAddressError(`${hostname} resolves to a refused address`), '', 0);
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
}
