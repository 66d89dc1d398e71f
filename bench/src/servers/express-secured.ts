import { createServer } from 'node:http';
import { subject, type MongoAbility } from '@casl/ability';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { jwtVerify } from 'jose';
import { memberAbility } from '../fixtures/abilities';
import { CreateItemInput } from '../fixtures/create-item.input';
import { ItemStore } from '../fixtures/items';
import { AUDIENCE, importHmacKey, ISSUER } from '../fixtures/keys';
import { closeServer, type StackFactory } from './server-context';

type Authenticated = Request & { user?: { id: string }; ability?: MongoAbility };

/**
 * The items API secured by hand on Express, the way many apps do it: express-rate-limit, a jose
 * middleware, a CASL ability per request, and class-transformer + class-validator on the body.
 */
export const startExpressSecured: StackFactory = async (context) => {
  const store = new ItemStore(context.users);
  const key = await importHmacKey(context.keys.secret);
  const app = express();
  app.use(rateLimit({ windowMs: 60_000, limit: 1_000_000_000, standardHeaders: 'draft-8' }));
  app.use(express.json());
  app.use((request: Authenticated, response: Response, next: NextFunction) => {
    const header = request.headers.authorization;
    if (header === undefined || !header.startsWith('Bearer ')) {
      response.status(401).json({ message: 'Unauthorized' });
      return;
    }
    jwtVerify(header.slice('Bearer '.length), key, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
    }).then(
      ({ payload }) => {
        request.user = { id: String(payload.sub) };
        request.ability = memberAbility(request.user.id);
        next();
      },
      () => response.status(401).json({ message: 'Unauthorized' }),
    );
  });

  app.get('/items/:id', (request: Authenticated, response) => {
    const item = store.get(String(request.params.id));
    if (item === undefined) response.status(404).json({ message: 'Not found' });
    else if (request.ability?.can('read', subject('Item', item)) !== true) {
      response.status(403).json({ message: 'Forbidden' });
    } else response.json(item);
  });

  app.post('/items', (request: Authenticated, response, next) => {
    if (request.ability?.can('create', 'Item') !== true) {
      response.status(403).json({ message: 'Forbidden' });
      return;
    }
    const input = plainToInstance(CreateItemInput, request.body as object);
    validate(input, { whitelist: true, forbidNonWhitelisted: true }).then((errors) => {
      if (errors.length > 0) response.status(400).json({ message: 'Invalid', errors });
      else response.status(201).json(store.create(input, request.user?.id ?? ''));
    }, next);
  });
  const server = createServer(app);
  return { server, close: () => closeServer(server) };
};
