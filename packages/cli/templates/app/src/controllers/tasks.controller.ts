import { randomUUID } from 'node:crypto';
import { subject } from '@casl/ability';
import {
  Audit,
  Authorize,
  RateLimit,
  Validate,
  type AppAbility,
  type Principal,
} from '@bulwark/core';
import { CurrentAbility, CurrentPrincipal, LoadedInstance } from '@bulwark/routing-controllers';
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
import { CreateTaskInput, ListTasksQuery, UpdateTaskInput } from '../dto/task.dto';
import { Task } from '../entities/task.entity';

/** Builds the tasks controller over the app's repositories. */
export function tasksController(context: AppContext): Function {
  const load = ({ params }: { params: Readonly<Record<string, unknown>> }) =>
    typeof params.id === 'string' ? context.tasks.findOneBy({ id: params.id }) : null;

  @JsonController('/tasks')
  @RateLimit({ limit: 600, window: '1m', name: 'tasks-sustained' })
  class TasksController {
    @Get('/')
    @Authorize('read', 'Task', { list: true })
    @Validate({ query: ListTasksQuery })
    async list(
      @QueryParams() query: ListTasksQuery,
      @CurrentAbility() ability: AppAbility,
    ): Promise<{ items: Task[] }> {
      const rows = await context.tasks.find({ order: { createdAt: 'DESC' } });
      const visible = rows.filter((task) => ability.can('read', subject('Task', task)));
      const offset = query.offset ?? 0;
      return { items: visible.slice(offset, offset + (query.limit ?? 20)) };
    }

    @Get('/:id')
    @Authorize('read', 'Task', { load })
    one(@LoadedInstance() task: Task): Task {
      return task;
    }

    @Post('/')
    @HttpCode(201)
    @Authorize('create', 'Task')
    @Validate(CreateTaskInput)
    @RateLimit({ limit: 30, window: '1m', name: 'tasks-create' })
    @Audit('task.create', { body: ['title'] })
    async create(@Body() input: CreateTaskInput, @CurrentPrincipal() me: Principal): Promise<Task> {
      const task = context.tasks.create({
        id: randomUUID(),
        title: input.title,
        isDone: input.isDone ?? false,
        ownerId: me.id,
      });
      return context.tasks.save(task);
    }

    @Put('/:id')
    @Authorize('update', 'Task', { load })
    @Validate(UpdateTaskInput)
    @Audit('task.update', { body: ['title', 'isDone'] })
    async update(@LoadedInstance() task: Task, @Body() input: UpdateTaskInput): Promise<Task> {
      Object.assign(task, input);
      return context.tasks.save(task);
    }

    @Delete('/:id')
    @OnUndefined(204)
    @Authorize('delete', 'Task', { load })
    @Audit('task.delete')
    async remove(@LoadedInstance() task: Task): Promise<void> {
      await context.tasks.delete({ id: task.id });
    }
  }
  return TasksController;
}
