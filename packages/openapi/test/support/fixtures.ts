import 'reflect-metadata';
import { Authorize, definePermissions, Public, RateLimit, Validate } from '@bulwark/core';
import { useBulwark, type BulwarkApp, type BulwarkOptions } from '@bulwark/routing-controllers';
import { Expose, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import express from 'express';
import {
  Body,
  Delete,
  Get,
  HeaderParam,
  HttpCode,
  JsonController,
  OnUndefined,
  Param,
  Post,
  Put,
  QueryParam,
  QueryParams,
} from 'routing-controllers';

export class TagInput {
  @IsString()
  @MaxLength(20)
  label!: string;
}

export class ItemInput {
  @IsString()
  @MaxLength(50)
  name!: string;

  @Matches(/^[A-Z]{2,4}$/)
  code!: string;

  @IsOptional()
  @IsBoolean()
  isDone?: boolean;

  @IsInt()
  @Min(0)
  @Max(5)
  priority: number = 1;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => TagInput)
  @ArrayMaxSize(3)
  tags?: TagInput[];

  @IsOptional()
  @IsString()
  note?: string;
}

export class ItemPatch {
  @IsString({ groups: ['rename'] })
  @MaxLength(50, { groups: ['rename'] })
  name!: string;

  @IsInt({ groups: ['reprioritize'] })
  @Min(0, { groups: ['reprioritize'] })
  @Max(5, { groups: ['reprioritize'] })
  priority!: number;
}

export class ItemQuery {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number = 10;

  @IsOptional()
  @IsString()
  search?: string;
}

export class ItemParams {
  @IsUUID()
  id!: string;
}

export class ItemView {
  @Expose()
  id!: string;

  @Expose()
  name!: string;

  @Expose({ groups: ['admin'] })
  secretNote!: string;

  @Expose()
  @Type(() => Date)
  createdAt!: Date;

  @Expose()
  count!: number;
}

export const permissions = definePermissions({
  subjects: {
    Item: { fields: ['id', 'name', 'code', 'isDone', 'priority', 'tags', 'note', 'ownerId'] },
  },
  roles: {
    admin: ({ can }) => {
      can('manage', 'all');
    },
    editor: ({ can }, me) => {
      can('read', 'Item');
      can('create', 'Item');
      can(['update', 'delete'], 'Item', { ownerId: me.id });
    },
  },
  scopes: {
    'items:read': ({ can }) => {
      can('read', 'Item');
    },
    'items:write': ({ can }) => {
      can(['create', 'update'], 'Item');
    },
  },
  checks: { isOpen: () => true },
});

const load = (): object => ({ id: 'x', ownerId: 'u' });

@JsonController('/items')
@RateLimit({ limit: 100, window: '1m', name: 'items' })
export class ItemsController {
  @Get('/')
  @Authorize('read', 'Item', { list: true })
  list(@QueryParams() query: ItemQuery): { query: ItemQuery } {
    return { query };
  }

  @Get('/:id')
  @Authorize('read', 'Item', { load })
  @Validate({ params: ItemParams, response: ItemView })
  one(): object {
    return {};
  }

  @Post('/')
  @HttpCode(201)
  @Authorize('create', 'Item', { scopes: ['items:write'] })
  create(@Body() input: ItemInput): ItemInput {
    return input;
  }

  @Put('/:id')
  @Authorize('update', 'Item', { load })
  @Validate({ body: ItemPatch, params: ItemParams, groups: ['rename'] })
  rename(@Body() input: ItemPatch): ItemPatch {
    return input;
  }

  @Delete('/:id')
  @OnUndefined(204)
  @Authorize({ roles: ['admin', 'editor'], check: 'isOpen' })
  remove(@Param('id') id: string): void {
    void id;
  }
}

@JsonController('/open')
@Public()
export class OpenController {
  @Get('/ping')
  @RateLimit({ limit: 5, window: '10s', key: 'ip', name: 'ping' })
  ping(
    @QueryParam('echo') echo: string,
    @HeaderParam('x-trace') trace: string,
  ): { echo: string; trace: string } {
    return { echo, trace };
  }

  @Post('/login')
  login(@Body() input: TagInput): TagInput {
    return input;
  }
}

/** An authenticator that never finds a credential: enough to describe a scheme. */
export function fakeAuthenticator(scheme: string, challenge: string) {
  return { scheme, challenge, authenticate: async () => null };
}

/**
 * Builds (without listening) an app over the fixture controllers, as `useBulwark` returns it.
 */
export function fixtureApp(overrides: Partial<BulwarkOptions> = {}): BulwarkApp {
  return useBulwark(express(), {
    controllers: [ItemsController, OpenController],
    permissions,
    authenticators: [fakeAuthenticator('bearer', 'Bearer realm="items"')],
    audit: false,
    muteWarnings: ['W_AUDIT_DISABLED'],
    ...overrides,
  });
}

/** The policy of one fixture route. */
export function policyOf(app: BulwarkApp, id: string) {
  const policy = app.policy(id);
  if (policy === undefined) throw new Error(`no policy ${id}`);
  return policy;
}

/**
 * Builds the fixture app before the enclosing suite and closes it after.
 *
 * @returns A getter for the app.
 */
export function useFixtureApp(overrides: Partial<BulwarkOptions> = {}): () => BulwarkApp {
  let app: BulwarkApp | undefined;
  before(() => {
    app = fixtureApp(overrides);
  });
  after(async () => {
    await app?.close();
  });
  return () => {
    if (app === undefined) throw new Error('the fixture app is used outside its suite');
    return app;
  };
}

/** The code of the BulwarkError a function throws, or `no error`. */
export function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code ?? 'not a BulwarkError';
  }
  return 'no error';
}

/** The code of the BulwarkError a promise rejects with, or `no error`. */
export async function codeOfAsync(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as { code?: string }).code ?? 'not a BulwarkError';
  }
  return 'no error';
}
