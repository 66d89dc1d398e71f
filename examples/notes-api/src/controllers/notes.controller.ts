import { randomUUID } from 'node:crypto';
import {
  Audit,
  Authorize,
  RateLimit,
  Validate,
  type AppAbility,
  type Principal,
} from '@bulwark/core';
import { Example, Summary, Tags } from '@bulwark/openapi';
import { CurrentAbility, CurrentPrincipal, LoadedInstance } from '@bulwark/routing-controllers';
import { accessibleBy } from '@bulwark/typeorm';
import {
  Body,
  Delete,
  Get,
  HttpCode,
  JsonController,
  OnUndefined,
  Post,
  Put,
  QueryParams,
} from 'routing-controllers';
import type { AppContext } from '../context';
import { CreateNoteInput, UpdateNoteInput } from '../dto/note.dto';
import { ListNotesQuery } from '../dto/list-notes.query';
import { NoteIdParams } from '../dto/note-id.params';
import { Note } from '../entities/note.entity';

/** Builds the notes controller over the app's repositories. */
export function notesController(context: AppContext): Function {
  const load = ({ params }: { params: Readonly<Record<string, unknown>> }) =>
    typeof params.id === 'string' ? context.notes.findOneBy({ id: params.id }) : null;

  @JsonController('/notes')
  @Tags('Notes')
  @RateLimit({ limit: 600, window: '1m', name: 'notes-sustained' })
  class NotesController {
    @Get('/')
    @Summary('List the notes the caller may read', 'Newest first, a page at a time.')
    @Authorize('read', 'Note', { list: true })
    async list(
      @QueryParams() query: ListNotesQuery,
      @CurrentAbility() ability: AppAbility,
    ): Promise<{ items: Note[] }> {
      // The rules become the query's WHERE clause, so paging counts only notes the caller may
      // read and no other row ever leaves the database.
      const notes = context.notes
        .createQueryBuilder('note')
        .orderBy('note.createdAt', 'DESC')
        .addOrderBy('note.id', 'ASC');
      accessibleBy(ability, 'read').ofType(Note).applyTo(notes);
      const items = await notes
        .offset(query.offset ?? 0)
        .limit(query.limit ?? 20)
        .getMany();
      return { items };
    }

    @Get('/:id')
    @Summary('Read one note')
    @Authorize('read', 'Note', { load })
    @Validate({ params: NoteIdParams })
    one(@LoadedInstance() note: Note): Note {
      return note;
    }

    @Post('/')
    @HttpCode(201)
    @Summary(
      'Write a note',
      'The caller becomes its owner (an admin may name another); it stays a draft unless published.',
    )
    @Example({ name: 'draft', request: { title: 'Groceries', body: 'Milk, eggs, bread' } })
    @Authorize('create', 'Note')
    @RateLimit({ limit: 30, window: '1m', name: 'notes-create' })
    @Audit('note.create', { body: ['title'] })
    async create(@Body() input: CreateNoteInput, @CurrentPrincipal() me: Principal): Promise<Note> {
      const note = context.notes.create({
        ...input,
        id: randomUUID(),
        // Only admins may send ownerId: the field rules refuse it to everyone else.
        ownerId: input.ownerId ?? me.id,
        isPublished: input.isPublished ?? false,
      });
      return context.notes.save(note);
    }

    @Put('/:id')
    @Summary('Change a note')
    @Example({ name: 'publish', request: { isPublished: true } })
    @Authorize('update', 'Note', { load })
    @Validate({ params: NoteIdParams })
    @Audit('note.update', { body: ['title', 'isPublished'] })
    async update(@LoadedInstance() note: Note, @Body() input: UpdateNoteInput): Promise<Note> {
      Object.assign(note, input);
      return context.notes.save(note);
    }

    @Delete('/:id')
    @OnUndefined(204)
    @Summary('Delete a note')
    @Authorize('delete', 'Note', { load })
    @Validate({ params: NoteIdParams })
    @Audit('note.delete')
    async remove(@LoadedInstance() note: Note): Promise<void> {
      await context.notes.delete({ id: note.id });
    }
  }
  return NotesController;
}
