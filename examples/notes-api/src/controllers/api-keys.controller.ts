import type { ApiKeyManager, ApiKeyView } from '@bulwark/auth';
import { Audit, Authorize, BulwarkError, RateLimit, Validate, type Principal } from '@bulwark/core';
import { Summary, Tags } from '@bulwark/openapi';
import { CurrentPrincipal } from '@bulwark/routing-controllers';
import {
  Body,
  Delete,
  Get,
  Header,
  HttpCode,
  JsonController,
  OnUndefined,
  Param,
  Post,
} from 'routing-controllers';
import { ApiKeyIdParams, CreateApiKeyInput } from '../dto/api-key.dto';

/** A created key: its view plus the key itself, which is shown this once. */
export type CreatedKeyResponse = ApiKeyView & { readonly key: string };

/**
 * Builds the routes where users manage their own API keys: create (the key is shown once),
 * list (never with secrets or hashes) and revoke.
 *
 * Only a signed-in user with a login token may call them (`schemes: ['bearer']`, kind `user`):
 * an API key cannot mint more keys, and a client has no keys.
 */
export function apiKeysController(keys: ApiKeyManager): Function {
  const requireUser = (me: Principal): void => {
    if (me.kind !== 'user') {
      throw new BulwarkError('ERR_AUTHZ_DENIED', 'Only a signed-in user manages API keys.', {
        reason: `kind ${me.kind}`,
      });
    }
  };

  @JsonController('/me/api-keys')
  @Tags('API keys')
  @Authorize({ schemes: ['bearer'] })
  class ApiKeysController {
    @Post('/')
    @HttpCode(201)
    @Header('Cache-Control', 'no-store')
    @Summary('Create an API key', 'The key is in this response only; store it now.')
    @RateLimit({ limit: 10, window: '1h', name: 'api-key-create' })
    @Audit('apikey.create', { body: ['name', 'scopes'] })
    async create(
      @Body() input: CreateApiKeyInput,
      @CurrentPrincipal() me: Principal,
    ): Promise<CreatedKeyResponse> {
      requireUser(me);
      const { key, view } = await keys.create({
        ownerId: me.id,
        name: input.name,
        scopes: input.scopes,
        ...(input.expiresInDays === undefined
          ? {}
          : { expiresIn: `${input.expiresInDays}d` as const }),
      });
      return { ...view, key };
    }

    @Get('/')
    @Summary(
      'List my API keys',
      'Without secrets; revoked and expired keys are listed with their status.',
    )
    async list(@CurrentPrincipal() me: Principal): Promise<{ items: readonly ApiKeyView[] }> {
      requireUser(me);
      return { items: await keys.list(me.id) };
    }

    @Delete('/:id')
    @OnUndefined(204)
    @Summary('Revoke one of my API keys', 'It stops working at once.')
    @Validate({ params: ApiKeyIdParams })
    @Audit('apikey.revoke')
    async revoke(@Param('id') id: string, @CurrentPrincipal() me: Principal): Promise<void> {
      requireUser(me);
      // Another user's key answers like a missing one, so key ids cannot be probed.
      if (!(await keys.revoke(me.id, id)))
        throw new BulwarkError('ERR_NOT_FOUND', 'No such API key.');
    }
  }
  return ApiKeysController;
}
