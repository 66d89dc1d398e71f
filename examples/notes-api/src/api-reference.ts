import {
  apiReference,
  bearerJwtScheme,
  generateOpenApi,
  oauth2ClientCredentialsScheme,
  type OpenApiDocument,
} from '@bulwark/openapi';
import type { BulwarkApp } from '@bulwark/routing-controllers';
import type { Application } from 'express';
import { permissions } from './permissions';

/**
 * The notes API's OpenAPI document, generated from what the running app enforces.
 *
 * @param bulwark - What `useBulwark` returned.
 * @returns The document.
 */
export function notesApiDocument(bulwark: BulwarkApp): OpenApiDocument {
  return generateOpenApi(bulwark, {
    info: {
      title: 'Notes API',
      version: '1.0.0',
      description:
        'The Bulwark reference app: multi-user notes. Admins manage everything; editors read published notes and their own, write notes and change only their own; viewers read published notes. Every refusal is an RFC 9457 problem document with a stable `code`.',
      license: { name: 'MIT', identifier: 'MIT' },
      contact: { name: 'Bulwark maintainers' },
    },
    permissions,
    securitySchemes: {
      // The bearer scheme takes login tokens and the client-credentials tokens of POST
      // /oauth/token; a client token with `notes:read` acts as a viewer (see credentials.ts).
      bearer: [
        bearerJwtScheme(),
        oauth2ClientCredentialsScheme({
          tokenUrl: '/oauth/token',
          scopes: { 'notes:read': 'Read published notes, as a viewer.' },
          roles: ['viewer'],
        }),
      ],
    },
    tags: [
      { name: 'Notes', description: 'Notes and who may read, write or delete them.' },
      { name: 'Auth', description: 'Signing in.' },
      { name: 'Users', description: 'The signed-in user and, for admins, every user.' },
      { name: 'AuditLog', description: 'The audit trail, for admins.' },
      { name: 'Health', description: 'Liveness for load balancers.' },
    ],
  });
}

/**
 * Mounts `/openapi.json` and the reference page at `/docs` (Swagger UI from the installed
 * package, under its own same-origin CSP). Meant for `useBulwark`'s `mount` hook; the document is
 * produced by `document`, called on the first request.
 *
 * @param app - The Express app.
 * @param document - Gives the document.
 */
export function mountApiReference(app: Application, document: () => OpenApiDocument): void {
  app.use(apiReference({ document }));
}
