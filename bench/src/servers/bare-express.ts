import { createServer } from 'node:http';
import express from 'express';
import { ItemStore, type ItemInput } from '../fixtures/items';
import { closeServer, type StackFactory } from './server-context';

/** Bare Express with its defaults: JSON body parser, no security. */
export const startBareExpress: StackFactory = async (context) => {
  const store = new ItemStore(context.users);
  const app = express();
  app.get('/items/:id', (request, response) => {
    const item = store.get(request.params.id);
    if (item === undefined) response.status(404).json({ message: 'Not found' });
    else response.json(item);
  });
  app.post('/items', express.json(), (request, response) => {
    response.status(201).json(store.create(request.body as ItemInput, 'anonymous'));
  });
  const server = createServer(app);
  return { server, close: () => closeServer(server) };
};
