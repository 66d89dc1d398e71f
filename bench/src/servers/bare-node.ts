import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ItemStore, type ItemInput } from '../fixtures/items';
import { closeServer, type StackFactory } from './server-context';

/** The ceiling: node:http with hand-written routing, no framework and no security. */
export const startBareNode: StackFactory = async (context) => {
  const store = new ItemStore(context.users);
  const server = createServer((request, response) => {
    const url = request.url ?? '/';
    if (request.method === 'GET' && url.startsWith('/items/')) {
      const item = store.get(decodeURIComponent(url.slice('/items/'.length)));
      send(response, item === undefined ? 404 : 200, item ?? { message: 'Not found' });
      return;
    }
    if (request.method === 'POST' && url === '/items') {
      readJson(request).then(
        (input) => send(response, 201, store.create(input as ItemInput, 'anonymous')),
        () => send(response, 400, { message: 'Bad JSON' }),
      );
      return;
    }
    send(response, 404, { message: 'Not found' });
  });
  return { server, close: () => closeServer(server) };
};

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('error', reject);
    request.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
  });
}
