import { itemIdOf, itemInputFor } from '../fixtures/items';
import type { Endpoint, StackInfo } from '../stacks';
import type { PlannedRequest } from './load-job';

/** The run's tokens by algorithm, index `i` for user `i`. */
export interface RunTokens {
  readonly HS256: readonly string[];
  readonly ES256: readonly string[];
}

/**
 * The request sequence for one stack and endpoint: request `i` acts as user `i` on the item
 * user `i` owns, so every GET passes the object-level check through its ownership condition and
 * every POST carries a valid five-field body.
 *
 * @param stack - The stack.
 * @param endpoint - The endpoint.
 * @param tokens - The run's tokens.
 * @param users - How many users to cycle through.
 * @returns One request per user.
 */
export function planRequests(
  stack: StackInfo,
  endpoint: Endpoint,
  tokens: RunTokens,
  users: number,
): PlannedRequest[] {
  const requests: PlannedRequest[] = [];
  for (let index = 0; index < users; index += 1) {
    const auth: Record<string, string> =
      stack.token === 'none' ? {} : { authorization: `Bearer ${tokens[stack.token][index]}` };
    requests.push(
      endpoint === 'GET /items/:id'
        ? { method: 'GET', path: `/items/${itemIdOf(index)}`, headers: auth }
        : {
            method: 'POST',
            path: '/items',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify(itemInputFor(index)),
          },
    );
  }
  return requests;
}
