import { itemIdOf, itemInputFor } from './fixtures/items';
import type { RunTokens } from './load/plan';
import type { StackInfo } from './stacks';

/** One probe of a stack: what was sent and the status that proves the stack behaves. */
interface Probe {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly token?: string;
  readonly body?: unknown;
  readonly accept: readonly number[];
}

/** The outcome of the probes of one stack. */
export interface PreflightReport {
  readonly stack: string;
  readonly probes: readonly { readonly name: string; readonly status: number }[];
}

/**
 * Checks, before any load, that each stack serves the happy path and that each secured stack
 * really refuses: no token, a forged token, another user's item, an unknown body field and a
 * wrongly typed field. A stack that answers anything else stops the run, so no number in the
 * report comes from a stack that was not enforcing what it claims.
 *
 * @param stack - The stack.
 * @param url - Its base URL.
 * @param tokens - The run's tokens.
 * @returns The status of every probe.
 * @throws Error naming the probe that got an unexpected status.
 */
export async function preflight(
  stack: StackInfo,
  url: string,
  tokens: RunTokens,
): Promise<PreflightReport> {
  const own = stack.token === 'none' ? undefined : tokens[stack.token][0];
  const probes: Probe[] = [
    { name: 'own item', method: 'GET', path: `/items/${itemIdOf(0)}`, token: own, accept: [200] },
    {
      name: 'create',
      method: 'POST',
      path: '/items',
      token: own,
      body: itemInputFor(0),
      accept: [201],
    },
  ];
  if (stack.isSecured && own !== undefined) probes.push(...refusals(own));
  const results: { name: string; status: number }[] = [];
  for (const probe of probes) {
    const status = await send(url, probe);
    if (!probe.accept.includes(status)) {
      throw new Error(
        `${stack.label}: probe "${probe.name}" got ${status}, expected ${probe.accept.join(' or ')}.`,
      );
    }
    results.push({ name: probe.name, status });
  }
  return { stack: stack.label, probes: results };
}

function refusals(own: string): Probe[] {
  const [header, payload, signature] = own.split('.') as [string, string, string];
  const flipped = signature[5] === 'A' ? 'B' : 'A';
  const forged = `${header}.${payload}.${signature.slice(0, 5)}${flipped}${signature.slice(6)}`;
  const item = itemIdOf(0);
  return [
    { name: 'no token', method: 'GET', path: `/items/${item}`, accept: [401] },
    { name: 'forged token', method: 'GET', path: `/items/${item}`, token: forged, accept: [401] },
    {
      name: "other user's item",
      method: 'GET',
      path: `/items/${itemIdOf(1)}`,
      token: own,
      accept: [403, 404],
    },
    {
      name: 'unknown field',
      method: 'POST',
      path: '/items',
      token: own,
      body: { ...itemInputFor(0), isAdmin: true },
      accept: [400],
    },
    {
      name: 'wrong type',
      method: 'POST',
      path: '/items',
      token: own,
      body: { ...itemInputFor(0), price: 'free' },
      accept: [400],
    },
  ];
}

async function send(url: string, probe: Probe): Promise<number> {
  const headers: Record<string, string> = {};
  if (probe.token !== undefined) headers['authorization'] = `Bearer ${probe.token}`;
  if (probe.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}${probe.path}`, {
    method: probe.method,
    headers,
    ...(probe.body === undefined ? {} : { body: JSON.stringify(probe.body) }),
  });
  await response.arrayBuffer();
  return response.status;
}
