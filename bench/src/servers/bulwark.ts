import 'reflect-metadata';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { AuditTrail } from '@bulwark/audit';
import { createJwtAuthenticator } from '@bulwark/auth';
import {
  Audit,
  Authorize,
  definePermissions,
  Public,
  RateLimit,
  type Principal,
} from '@bulwark/core';
import { CurrentPrincipal, LoadedInstance, useBulwark } from '@bulwark/routing-controllers';
// The sink's own entry point: nothing of TypeORM loads for it, on either thread.
import { SqliteAuditSink } from '@bulwark/typeorm/sqlite-audit-sink';
import express from 'express';
import { Body, Get, HttpCode, JsonController, Post } from 'routing-controllers';
import { CreateItemInput } from '../fixtures/create-item.input';
import { ItemStore, type Item } from '../fixtures/items';
import { AUDIENCE, ISSUER, MEMBER_ROLE, type TokenAlgorithm } from '../fixtures/keys';
import { closeServer, type ServerContext, type StartedStack } from './server-context';

/** How a Bulwark stack is configured. */
export interface BulwarkVariant {
  readonly algorithm: TokenAlgorithm;
  /** Durable audit of the POST through TypeORM on SQLite; `false` measures without it. */
  readonly isAudited: boolean;
  /**
   * Trusts `X-Forwarded-For` from loopback, so one load generator can pose as many client
   * addresses. For the address-flood memory run only: a real deployment trusts its proxies.
   */
  readonly trustsLoopbackProxy: boolean;
}

/** A limit no benchmark round reaches: the limiter counts every request and never refuses. */
const UNREACHABLE = { limit: 1_000_000_000, window: '1m' } as const;

/** The Item permissions: members read their own or published items and create items. */
export const permissions = definePermissions({
  subjects: {
    Item: { fields: ['id', 'ownerId', 'name', 'description', 'price', 'category', 'isPublished'] },
  },
  roles: {
    [MEMBER_ROLE]: ({ can }, me) => {
      can('read', 'Item', { ownerId: me.id });
      can('read', 'Item', { isPublished: true });
      can('create', 'Item');
    },
  },
});

/** The secured items controller over a store; `one` and `create` are the measured routes. */
export function itemsController(store: ItemStore): Function {
  const load = ({ params }: { params: Readonly<Record<string, unknown>> }) =>
    typeof params.id === 'string' ? (store.get(params.id) ?? null) : null;

  @JsonController('/items')
  @RateLimit({ ...UNREACHABLE, name: 'bench-per-user' })
  class SecuredItemsController {
    @Get('/:id')
    @Authorize('read', 'Item', { load })
    one(@LoadedInstance() item: Item): Item {
      return item;
    }

    @Post('/')
    @HttpCode(201)
    @Authorize('create', 'Item')
    @Audit('item.create', { body: ['name'] })
    create(@Body() input: CreateItemInput, @CurrentPrincipal() me: Principal): Item {
      return store.create(input, me.id);
    }
  }
  return SecuredItemsController;
}

/**
 * A public route limited per client address, hit by the address-flood memory run. The window
 * is ten seconds so a sixty-second run shows the steady state: a limiter must remember every
 * address it saw within the window, so live counters grow until the first ones expire.
 */
@JsonController('/ping')
export class PingController {
  @Get('/')
  @Public()
  @RateLimit({ limit: 1_000_000_000, window: '10s', key: 'ip', name: 'bench-per-address' })
  ping(): { ok: true } {
    return { ok: true };
  }
}

/**
 * Starts the items API secured by Bulwark: JWT bearer authentication, CASL with a condition on
 * the loaded item, the five-field DTO, a memory rate limit on every route and a durable audit
 * of the POST with SQLite group commit.
 *
 * @param context - Users, keys and the run directory.
 * @param variant - Algorithm, audit and proxy settings.
 * @returns The started stack.
 */
export async function startBulwark(
  context: ServerContext,
  variant: BulwarkVariant,
): Promise<StartedStack> {
  const store = new ItemStore(context.users);
  const sink = variant.isAudited ? await openAuditSink(context, variant) : null;
  const app = express();
  const bulwark = useBulwark(app, {
    controllers: [itemsController(store), PingController],
    permissions,
    authenticators: [
      createJwtAuthenticator({
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: [variant.algorithm],
        key:
          variant.algorithm === 'HS256'
            ? { secret: context.keys.secret }
            : { publicKey: context.keys.publicKeyPem },
      }),
    ],
    audit: sink === null ? false : new AuditTrail({ sink }),
    muteWarnings: ['W_AUDIT_DISABLED'],
    // Every stack is measured over plain HTTP on loopback; TLS is nobody's cost here.
    https: { plainHttp: 'allow' },
    ...(variant.trustsLoopbackProxy ? { trustedProxies: ['loopback'] } : {}),
  });
  const server = createServer(app);
  return {
    server,
    close: async () => {
      await closeServer(server);
      await bulwark.close();
      await sink?.close();
    },
  };
}

/**
 * The audit store of an embedded deployment: an SQLite file in WAL mode at `synchronous`
 * NORMAL, written on the sink's own worker thread, so inserts, commits and checkpoints run beside
 * the request handling. A durable write still resolves only after its batch is committed.
 */
function openAuditSink(context: ServerContext, variant: BulwarkVariant): Promise<SqliteAuditSink> {
  const file = `audit-${variant.algorithm}-${process.pid}.sqlite`;
  return SqliteAuditSink.open({ filename: join(context.runDirectory, file) });
}
