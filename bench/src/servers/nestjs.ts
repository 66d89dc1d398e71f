import 'reflect-metadata';
import { subject } from '@casl/ability';
import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Module,
  NotFoundException,
  Param,
  Post,
  Req,
  ValidationPipe,
} from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { Server } from 'node:http';
import { CreateItemInput } from '../fixtures/create-item.input';
import { ItemStore, type Item } from '../fixtures/items';
import { CheckPolicies, JwtAuthGuard, PoliciesGuard, type GuardedRequest } from './nest-guards';
import { closeServer, type StackFactory } from './server-context';

/**
 * The items API secured the NestJS way: the throttler, a jose JWT guard and a CASL policies
 * guard as global guards, the global ValidationPipe (whitelist, forbid unknown, transform) and
 * the object-level check in the handler once the item is loaded.
 */
export const startNest: StackFactory = async (context) => {
  const store = new ItemStore(context.users);

  @Controller('items')
  class NestItemsController {
    @Get(':id')
    @CheckPolicies((ability) => ability.can('read', 'Item'))
    one(@Param('id') id: string, @Req() request: GuardedRequest): Item {
      const item = store.get(id);
      if (item === undefined) throw new NotFoundException();
      if (request.ability?.can('read', subject('Item', item)) !== true) {
        throw new ForbiddenException();
      }
      return item;
    }

    @Post()
    @HttpCode(201)
    @CheckPolicies((ability) => ability.can('create', 'Item'))
    create(@Body() input: CreateItemInput, @Req() request: GuardedRequest): Item {
      return store.create(input, request.user?.id ?? '');
    }
  }

  @Module({
    imports: [ThrottlerModule.forRoot([{ ttl: 60_000, limit: 1_000_000_000 }])],
    controllers: [NestItemsController],
    providers: [
      { provide: APP_GUARD, useClass: ThrottlerGuard },
      { provide: APP_GUARD, useClass: JwtAuthGuard },
      { provide: APP_GUARD, useClass: PoliciesGuard },
    ],
  })
  class BenchModule {}

  // Nest creates its own Express instance: @nestjs/platform-express brings the Express
  // major version it supports.
  const app = await NestFactory.create(BenchModule, new ExpressAdapter(), { logger: false });
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  await app.init();
  const server = app.getHttpServer() as Server;
  return {
    server,
    close: async () => {
      await closeServer(server);
      await app.close();
    },
  };
};
