import type { StackFactory, ServerContext } from './servers/server-context';

/** Every stack the harness can start, by id. */
export type StackId =
  | 'node-http'
  | 'express'
  | 'routing-controllers'
  | 'bulwark-hs256'
  | 'bulwark-es256'
  | 'bulwark-hs256-no-audit'
  | 'nestjs'
  | 'express-secured'
  | 'bulwark-address-flood';

/** The two measured endpoints. */
export type Endpoint = 'GET /items/:id' | 'POST /items';

/** The endpoints, in the order each round visits them. */
export const ENDPOINTS: readonly Endpoint[] = ['GET /items/:id', 'POST /items'];

/** How a stack appears in the results. */
export interface StackInfo {
  readonly id: StackId;
  readonly label: string;
  /** Which endpoints the load rounds measure on it. */
  readonly endpoints: readonly Endpoint[];
  /** Whether requests carry a token, and which kind. */
  readonly token: 'none' | 'HS256' | 'ES256';
  /** True for stacks that enforce authentication, authorization, validation and limits. */
  readonly isSecured: boolean;
}

/** The stacks of the load rounds, in the order each round visits them. */
export const LOAD_STACKS: readonly StackInfo[] = [
  {
    id: 'node-http',
    label: 'bare node:http',
    endpoints: ENDPOINTS,
    token: 'none',
    isSecured: false,
  },
  { id: 'express', label: 'bare Express', endpoints: ENDPOINTS, token: 'none', isSecured: false },
  {
    id: 'routing-controllers',
    label: 'bare routing-controllers',
    endpoints: ENDPOINTS,
    token: 'none',
    isSecured: false,
  },
  {
    id: 'bulwark-hs256',
    label: 'Bulwark (HS256)',
    endpoints: ENDPOINTS,
    token: 'HS256',
    isSecured: true,
  },
  {
    id: 'bulwark-es256',
    label: 'Bulwark (ES256)',
    endpoints: ENDPOINTS,
    token: 'ES256',
    isSecured: true,
  },
  {
    id: 'bulwark-hs256-no-audit',
    label: 'Bulwark (HS256, audit off)',
    endpoints: ['POST /items'],
    token: 'HS256',
    isSecured: true,
  },
  {
    id: 'nestjs',
    label: 'NestJS (guards + ValidationPipe + throttler)',
    endpoints: ENDPOINTS,
    token: 'HS256',
    isSecured: true,
  },
  {
    id: 'express-secured',
    label: 'hand-rolled Express (jose + CASL + class-validator + express-rate-limit)',
    endpoints: ENDPOINTS,
    token: 'HS256',
    isSecured: true,
  },
];

/**
 * Loads a stack's factory. Each server process loads only its own stack, so no other stack's
 * decorators register controllers in routing-controllers' global metadata.
 *
 * @param id - The stack.
 * @returns Its factory.
 */
export async function loadStack(id: StackId): Promise<StackFactory> {
  switch (id) {
    case 'node-http':
      return (await import('./servers/bare-node.js')).startBareNode;
    case 'express':
      return (await import('./servers/bare-express.js')).startBareExpress;
    case 'routing-controllers':
      return (await import('./servers/bare-routing-controllers.js')).startBareRoutingControllers;
    case 'nestjs':
      return (await import('./servers/nestjs.js')).startNest;
    case 'express-secured':
      return (await import('./servers/express-secured.js')).startExpressSecured;
    default:
      return bulwarkFactory(id);
  }
}

async function bulwarkFactory(id: StackId): Promise<StackFactory> {
  const { startBulwark } = await import('./servers/bulwark.js');
  return (context: ServerContext) =>
    startBulwark(context, {
      algorithm: id === 'bulwark-es256' ? 'ES256' : 'HS256',
      isAudited: id === 'bulwark-hs256' || id === 'bulwark-es256',
      trustsLoopbackProxy: id === 'bulwark-address-flood',
    });
}
