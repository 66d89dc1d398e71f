import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** The one place the probe may send requests to, resolved once. */
export interface ProbeScope {
  /** `http:` or `https:`. */
  readonly protocol: 'http:' | 'https:';
  /** The host name as given, without IPv6 brackets (sent as `Host`). */
  readonly hostname: string;
  readonly port: number;
  /** The base path without a trailing slash (empty for the root). */
  readonly basePath: string;
  /** The address every connection goes to, resolved before the first request. */
  readonly address: string;
  readonly family: 4 | 6;
  /** `origin + basePath`, for reports. */
  readonly label: string;
}

/** Why a base URL was refused. */
export class ScopeError extends Error {
  override readonly name = 'ScopeError';
}

/**
 * Tells whether an IP address is a loopback address (127.0.0.0/8, ::1, or either mapped).
 *
 * @param address - An IPv4 or IPv6 address.
 * @returns True for loopback.
 */
export function isLoopback(address: string): boolean {
  const plain = address.replace(/^::ffff:/i, '');
  if (isIP(plain) === 4) return plain.split('.')[0] === '127';
  return plain === '::1' || plain === '0:0:0:0:0:0:0:1';
}

/**
 * Checks and resolves the base URL: http or https only, no credentials, query or fragment in
 * it, and — unless `allowRemote` — a host whose every address is loopback. The address is
 * resolved here once and every later connection goes to it, so a DNS answer that changes
 * during the run cannot move the probe to another machine.
 *
 * @param baseUrl - The `--base-url` value.
 * @param allowRemote - True when the operator explicitly allowed a non-loopback target.
 * @returns The scope.
 * @throws ScopeError when the URL is malformed, unsupported or not loopback.
 */
export async function resolveScope(baseUrl: string, allowRemote: boolean): Promise<ProbeScope> {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ScopeError(`"${baseUrl}" is not an absolute URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ScopeError(`only http and https base URLs are probed, not ${url.protocol}.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ScopeError('the base URL must not carry credentials; put them in the --config file.');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ScopeError('the base URL must not carry a query string or fragment.');
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses =
    isIP(hostname) !== 0
      ? [{ address: hostname, family: isIP(hostname) }]
      : await resolveAll(hostname);
  if (addresses.length === 0) throw new ScopeError(`${hostname} has no address.`);
  if (!allowRemote && !addresses.every((a) => isLoopback(a.address))) {
    throw new ScopeError(
      `${hostname} is not a loopback address; the probe attacks only 127.0.0.1 or ::1 unless --allow-remote is given (use it only against a system you are allowed to test).`,
    );
  }
  const chosen = addresses[0]!;
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const basePath = url.pathname.replace(/\/+$/, '');
  return Object.freeze({
    protocol: url.protocol,
    hostname,
    port,
    basePath,
    address: chosen.address,
    family: chosen.family === 6 ? 6 : 4,
    label: `${url.protocol}//${url.host}${basePath}`,
  });
}

async function resolveAll(hostname: string): Promise<Array<{ address: string; family: number }>> {
  try {
    return await lookup(hostname, { all: true, verbatim: true });
  } catch {
    throw new ScopeError(`${hostname} could not be resolved.`);
  }
}

/**
 * Checks that a request path stays inside the scope: it starts with a single `/`, has no
 * backslash, whitespace, control character or fragment, and still starts with the base path once
 * dot segments are resolved. Percent-encoding is kept as given (the probe sends path variants on
 * purpose); only the resolved form is judged.
 *
 * @param scope - The scope.
 * @param path - A path relative to the base path, with an optional query string.
 * @returns The request target to send (base path plus path).
 * @throws ScopeError when the path would leave the scope.
 */
export function targetOf(scope: ProbeScope, path: string): string {
  if (!path.startsWith('/') || path.startsWith('//')) {
    throw new ScopeError(`"${path.slice(0, 80)}" is not a path under the base URL.`);
  }
  if (/[\\\s#\u0000-\u001f\u007f]/.test(path)) {
    throw new ScopeError(`"${path.slice(0, 80)}" has characters a request path may not carry.`);
  }
  const target = `${scope.basePath}${path}`;
  // Only the path is judged here; the host is fixed by the scope whatever the path says.
  const resolved = new URL(target, 'http://scope.invalid');
  const inside =
    resolved.host === 'scope.invalid' &&
    (scope.basePath === '' ||
      resolved.pathname === scope.basePath ||
      resolved.pathname.startsWith(`${scope.basePath}/`));
  if (!inside) throw new ScopeError(`"${path.slice(0, 80)}" resolves outside ${scope.label}.`);
  return target;
}
