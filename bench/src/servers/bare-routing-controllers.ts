import 'reflect-metadata';
import { createServer } from 'node:http';
import express from 'express';
import {
  Body,
  Get,
  HttpCode,
  JsonController,
  NotFoundError,
  Param,
  Post,
  useExpressServer,
} from 'routing-controllers';
import { ItemStore, type Item, type ItemInput } from '../fixtures/items';
import { closeServer, type StackFactory } from './server-context';

/**
 * routing-controllers on Express with the same two routes and no security: no validation, no
 * class-transformer, exactly what Bulwark hands routing-controllers underneath its own steps.
 */
export const startBareRoutingControllers: StackFactory = async (context) => {
  const store = new ItemStore(context.users);

  @JsonController('/items')
  class PlainItemsController {
    @Get('/:id')
    one(@Param('id') id: string): Item {
      const item = store.get(id);
      if (item === undefined) throw new NotFoundError('Not found');
      return item;
    }

    @Post('/')
    @HttpCode(201)
    create(@Body() input: ItemInput): Item {
      return store.create(input, 'anonymous');
    }
  }

  const app = express();
  useExpressServer(app, {
    controllers: [PlainItemsController],
    classTransformer: false,
    validation: false,
  });
  const server = createServer(app);
  return { server, close: () => closeServer(server) };
};
