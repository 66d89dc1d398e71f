import {
  definePermissions,
  type HttpMethod,
  type ParamDescriptor,
  type RouteDescriptor,
} from '@bulwark/core';

/** A small permission model: admins manage all, editors own their notes, viewers read published. */
export const permissions = definePermissions({
  subjects: { Note: { fields: ['id', 'title', 'ownerId', 'isPublished'] }, Report: {} },
  roles: {
    admin: ({ can }) => can('manage', 'all'),
    editor: ({ can }, me) => {
      can('read', 'Note');
      can('create', 'Note');
      can('update', 'Note', { ownerId: me.id });
    },
    viewer: ({ can }) => can('read', 'Note', { isPublished: true }),
  },
  scopes: { 'notes:read': ({ can }) => can('read', 'Note') },
  checks: { alwaysYes: () => true },
});

/** A route descriptor for a handler of a test controller. */
export function route(
  controller: Function,
  handler: string,
  method: HttpMethod = 'GET',
  path = `/${handler}`,
  params: ParamDescriptor[] = [],
): RouteDescriptor {
  return { controller, handler, method, path, params };
}

export const BASE = {
  permissions,
  knownSchemes: ['bearer', 'apiKey'],
  defaultSchemes: ['bearer'],
} as const;
