import { Authorize, Public, Validate, type Principal } from '@bulwark/core';
import { CurrentPrincipal } from '@bulwark/routing-controllers';
import {
  Body,
  Delete,
  Get,
  HeaderParams,
  JsonController,
  OnUndefined,
  Params,
  Post,
  Put,
  QueryParams,
} from 'routing-controllers';
import {
  AccountInput,
  LeakyView,
  OrderInput,
  OrderPage,
  OrderParams,
  OrderQuery,
  OrderView,
  TenantHeaders,
} from './dtos';
import type { HandlerCall, OrderStore } from './store';

/** Where the controllers below record their calls and keep their rows; set by the app factory. */
export const probe: { calls: HandlerCall[]; store: OrderStore | null } = { calls: [], store: null };

function record(handler: string, ...args: unknown[]): OrderStore {
  probe.calls.push({ handler, args });
  if (probe.store === null) throw new Error('no store');
  return probe.store;
}

/** Orders: nested and array DTOs, groups, query and path DTOs, response DTOs. */
@JsonController('/orders')
export class OrdersController {
  @Post('/')
  @Authorize('create', 'Order')
  @Validate({ body: OrderInput, response: OrderView })
  create(@Body() input: OrderInput): unknown {
    return record('create', input).insert(input.title, input.lines);
  }

  @Get('/')
  @Authorize('read', 'Order', { list: true })
  @Validate({ query: OrderQuery, response: OrderPage })
  list(@QueryParams() query: OrderQuery): unknown {
    const rows = [...record('list', query).rows.values()];
    return { items: rows.slice(0, query.limit ?? 20) };
  }

  @Get('/:id')
  @Authorize('read', 'Order', { list: true })
  @Validate({ params: OrderParams, response: OrderView })
  one(@Params() params: OrderParams): unknown {
    return record('one', params).rows.get(params.id) ?? null;
  }

  @Get('/:id/full')
  @Authorize({ action: 'read', subject: 'Order', roles: ['admin'], list: true })
  @Validate({ params: OrderParams, response: OrderView, groups: ['admin'] })
  full(@Params() params: OrderParams): unknown {
    return record('full', params).rows.get(params.id) ?? null;
  }

  @Put('/:id')
  @Authorize('update', 'Order', { list: true })
  @Validate({ params: OrderParams, body: OrderInput, groups: ['update'], response: OrderView })
  update(@Params() params: OrderParams, @Body() input: OrderInput): unknown {
    const store = record('update', params, input);
    const row = store.rows.get(params.id);
    if (row === undefined) return null;
    store.writes += 1;
    if (input.title !== undefined) row.title = input.title;
    return row;
  }

  @Delete('/:id')
  @OnUndefined(204)
  @Authorize('delete', 'Order', { list: true })
  @Validate({ params: OrderParams })
  remove(@Params() params: OrderParams): void {
    const store = record('remove', params);
    store.writes += 1;
    store.rows.delete(params.id);
  }
}

/** Routes that probe the edges: headers DTO, no query DTO, secrets, faults, unshaped leaks. */
@JsonController()
export class EdgesController {
  @Get('/tenant')
  @Authorize({})
  tenant(@HeaderParams() headers: TenantHeaders): { tenant: string } {
    record('tenant', headers);
    return { tenant: headers['x-tenant'] };
  }

  @Get('/plain')
  @Authorize({})
  plain(
    @QueryParams() query: Record<string, unknown>,
    @CurrentPrincipal() me: Principal,
  ): { id: string; query: Record<string, unknown> } {
    record('plain', query);
    return { id: me.id, query: { ...query } };
  }

  @Get('/open')
  @Public()
  open(): { status: string } {
    record('open');
    return { status: 'ok' };
  }

  @Post('/accounts')
  @Public()
  account(@Body() input: AccountInput): { username: string } {
    record('account', input).writes += 1;
    return { username: input.username };
  }

  @Get('/boom')
  @Authorize({})
  boom(): never {
    record('boom');
    throw new Error('connect ECONNREFUSED postgres://app:db-password-4411@10.0.0.5/orders');
  }

  @Get('/leaky')
  @Authorize({})
  @Validate({ response: LeakyView })
  leaky(): unknown {
    record('leaky');
    return { id: '1', owner: { name: 'ann', passwordHash: 'scrypt$leak' } };
  }
}

/** Routes a browser reaches with its session cookie, as well as with a bearer token. */
@JsonController('/session')
export class SessionController {
  @Get('/orders')
  @Authorize({ action: 'read', subject: 'Order', list: true, schemes: ['session', 'bearer'] })
  list(): { count: number } {
    return { count: record('session.list').rows.size };
  }

  @Post('/orders')
  @Authorize({ action: 'create', subject: 'Order', schemes: ['session', 'bearer'] })
  @Validate({ body: OrderInput, response: OrderView })
  create(@Body() input: OrderInput): unknown {
    return record('session.create', input).insert(input.title, input.lines);
  }
}
