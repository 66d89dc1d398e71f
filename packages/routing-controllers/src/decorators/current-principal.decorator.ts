import { BulwarkError } from '@bulwark/core';
import type { Request } from 'express';
import { createParamDecorator } from 'routing-controllers';
import { stateOf } from '../runtime/request-state';

/**
 * Injects the authenticated principal. On a public route it injects `null`.
 *
 * @returns A parameter decorator.
 * @example
 * ```ts
 * @Get('/me')
 * @Authorize({})
 * me(@CurrentPrincipal() me: Principal) { return { id: me.id }; }
 * ```
 */
export function CurrentPrincipal(): ParameterDecorator {
  return createParamDecorator({
    value: ({ request }) => stateOf(request as Request)?.principal ?? null,
  }) as ParameterDecorator;
}

/**
 * Injects the principal's CASL ability, for handlers that narrow a list query with it.
 *
 * @returns A parameter decorator.
 * @example
 * ```ts
 * @Get('/')
 * @Authorize('read', 'Note', { list: true })
 * list(@CurrentAbility() ability: AppAbility) { ... }
 * ```
 */
export function CurrentAbility(): ParameterDecorator {
  return createParamDecorator({
    value: ({ request }) => stateOf(request as Request)?.ability ?? null,
  }) as ParameterDecorator;
}

/**
 * Injects the instance the route's `load` function fetched and the policy checked, so the
 * handler does not query it a second time.
 *
 * @returns A parameter decorator.
 * @throws BulwarkError `ERR_POLICY_INVALID` at request time when the route has no loader — a
 *   programming error that fails closed.
 * @example
 * ```ts
 * @Put('/:id')
 * @Authorize('update', 'Note', { load: loadNote })
 * update(@LoadedInstance() note: Note, @Body() input: NoteUpdate) { ... }
 * ```
 */
export function LoadedInstance(): ParameterDecorator {
  return createParamDecorator({
    value: ({ request }) => {
      const state = stateOf(request as Request);
      if (state?.plan?.policy.authorization?.load == null) {
        throw new BulwarkError(
          'ERR_POLICY_INVALID',
          '@LoadedInstance() used on a route without a loader.',
        );
      }
      return state.instance;
    },
  }) as ParameterDecorator;
}

/**
 * Injects the client address Bulwark resolved for the request: the socket address, or the
 * forwarded one when the request came through a configured trusted proxy. Use it to key
 * brute-force counters; never read `X-Forwarded-For` yourself.
 *
 * @returns A parameter decorator.
 * @example
 * ```ts
 * @Post('/login')
 * @Public()
 * login(@Body() input: LoginInput, @ClientAddress() address: string) { ... }
 * ```
 */
export function ClientAddress(): ParameterDecorator {
  return createParamDecorator({
    value: ({ request }) => stateOf(request as Request)?.clientAddress ?? 'unknown',
  }) as ParameterDecorator;
}
