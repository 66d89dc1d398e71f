import { definePermissions } from '@bulwark/core';

/**
 * Who may do what. Admins manage everything; members read, change and delete only their own
 * tasks and create new ones; auditors read every task and change nothing.
 */
export const permissions = definePermissions({
  subjects: {
    Task: { fields: ['id', 'title', 'isDone', 'ownerId', 'createdAt', 'updatedAt'] },
    User: { fields: ['id', 'username', 'role', 'createdAt'] },
  },
  roles: {
    admin: ({ can }) => {
      can('manage', 'all');
    },
    member: ({ can }, me) => {
      can('read', 'Task', { ownerId: me.id });
      can('create', 'Task');
      can(['update', 'delete'], 'Task', { ownerId: me.id });
    },
    auditor: ({ can }) => {
      can('read', 'Task');
    },
  },
});
