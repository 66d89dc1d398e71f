import {
  createPrincipal,
  definePermissions,
  type AuthorizationPolicy,
  type RoutePolicy,
} from '@bulwark/core';

/** A stored note as an entity class, so instances carry the `Note` subject type. */
export class NoteRow {
  constructor(values: Partial<NoteRow>) {
    Object.assign(this, values);
  }

  id?: string;
  title?: string;
  body?: string;
  ownerId?: string;
  isPublished?: boolean;
  isLocked?: boolean;
  secret?: string;
  author?: AuthorRow;
}

/** The author of a note, a second subject nested in notes. */
export class AuthorRow {
  constructor(values: Partial<AuthorRow>) {
    Object.assign(this, values);
  }

  id?: string;
  name?: string;
  email?: string;
}

/** Editors own their notes; viewers read published notes without owners; admins do anything. */
export const permissions = definePermissions({
  subjects: {
    Note: {
      entity: NoteRow,
      fields: ['id', 'title', 'body', 'ownerId', 'isPublished', 'isLocked', 'author'],
    },
    Author: { entity: AuthorRow, fields: ['id', 'name', 'email'] },
  },
  roles: {
    admin: ({ can }) => can('manage', 'all'),
    editor: ({ can, cannot }, me) => {
      can('read', 'Note', { isPublished: true });
      can('read', 'Note', { ownerId: me.id });
      can('create', 'Note', ['title', 'body', 'isPublished']);
      can('update', 'Note', ['title', 'body', 'isPublished'], { ownerId: me.id });
      cannot('update', 'Note', ['title'], { isLocked: true }).because('locked notes keep titles');
      can('read', 'Author', ['id', 'name']);
    },
    mover: ({ can }, me) => can('update', 'Note', { ownerId: me.id }),
    viewer: ({ can }) => {
      can('read', 'Note', ['id', 'title', 'body', 'isPublished', 'author'], { isPublished: true });
    },
  },
});

/** The ability of a user with one role. */
export function abilityOf(id: string, role: string) {
  return permissions.abilityFor(
    createPrincipal({ id, kind: 'user', scheme: 'test', roles: [role] }),
  );
}

/** A route policy with the given authorization step and body DTO. */
export function routePolicy(
  authorization: Partial<AuthorizationPolicy> | null,
  options: { method?: RoutePolicy['method']; body?: Function | null } = {},
): RoutePolicy {
  const method = options.method ?? 'PUT';
  return {
    id: 'Notes.route',
    method,
    path: '/notes/:id',
    controller: class {},
    handler: 'route',
    isPublic: authorization === null,
    isMutating: method !== 'GET',
    schemes: ['test'],
    authorization:
      authorization === null
        ? null
        : {
            action: null,
            subject: null,
            roles: [],
            scopes: [],
            check: null,
            load: null,
            isList: false,
            deniedStatus: 403,
            isConditional: false,
            grants: {},
            isDenyAll: false,
            ...authorization,
          },
    validation: {
      body: options.body === undefined ? class Body {} : options.body,
      query: null,
      params: null,
      headers: null,
      groups: [],
      response: null,
    },
    rateLimits: [],
    audit: null,
  } as RoutePolicy;
}
