import { definePermissions } from '@bulwark/core';
import { entitySubject } from '@bulwark/typeorm';
import { Note } from './entities/note.entity';
import { User } from './entities/user.entity';

/** The note fields an editor writes; `ownerId` is not among them. */
const EDITABLE = ['title', 'body', 'isPublished'];

/** The note fields a viewer reads: everything but who owns it. */
const PUBLIC_NOTE_FIELDS = ['id', 'title', 'body', 'isPublished', 'createdAt', 'updatedAt'];

/**
 * Who may do what in the notes API, at object, property and function level.
 *
 * - Admins manage everything, including who owns a note.
 * - Editors read published notes and their own; write new notes; change their own notes' title,
 *   body and publication, never the owner; delete their own drafts (a published note is
 *   unpublished first, and the audit record says so).
 * - Viewers read published notes without learning who wrote them.
 *
 * `Note` takes its fields from the TypeORM entity; `User` lists its fields by hand, leaving out
 * `passwordHash`, so a filtered response can never carry it even if an `@Exclude` were lost.
 */
export const permissions = definePermissions({
  actions: ['read', 'create', 'update', 'delete'],
  subjects: {
    Note: entitySubject(Note),
    User: { entity: User, fields: ['id', 'username', 'role', 'createdAt'] },
  },
  roles: {
    admin: ({ can }) => {
      can('manage', 'all');
    },
    editor: ({ can, cannot }, me) => {
      can('read', 'Note', { isPublished: true });
      can('read', 'Note', { ownerId: me.id });
      can('create', 'Note', EDITABLE);
      can('update', 'Note', EDITABLE, { ownerId: me.id });
      can('delete', 'Note', { ownerId: me.id });
      cannot('delete', 'Note', { isPublished: true }).because(
        'a published note is unpublished before it is deleted',
      );
    },
    viewer: ({ can }) => {
      can('read', 'Note', PUBLIC_NOTE_FIELDS, { isPublished: true });
    },
  },
});
