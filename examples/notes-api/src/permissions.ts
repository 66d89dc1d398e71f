import { definePermissions } from '@bulwark/core';

/**
 * Who may do what in the notes API. Admins manage everything; editors read published notes and
 * their own, write new notes and change or delete only their own; viewers read published notes.
 */
export const permissions = definePermissions({
  actions: ['read', 'create', 'update', 'delete'],
  subjects: {
    Note: { fields: ['id', 'title', 'body', 'ownerId', 'isPublished', 'createdAt', 'updatedAt'] },
    User: { fields: ['id', 'username', 'role', 'createdAt'] },
  },
  roles: {
    admin: ({ can }) => {
      can('manage', 'all');
    },
    editor: ({ can }, me) => {
      can('read', 'Note', { isPublished: true });
      can('read', 'Note', { ownerId: me.id });
      can('create', 'Note');
      can(['update', 'delete'], 'Note', { ownerId: me.id });
    },
    viewer: ({ can }) => {
      can('read', 'Note', { isPublished: true });
    },
  },
});
