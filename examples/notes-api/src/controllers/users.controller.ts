import { Authorize, type Principal } from '@bulwark/core';
import { CurrentPrincipal } from '@bulwark/routing-controllers';
import { Get, JsonController } from 'routing-controllers';
import type { AppContext } from '../context';
import type { User } from '../entities/user.entity';

/** Builds the user routes: who am I (anyone signed in) and the user list (admins only). */
export function usersController(context: AppContext): Function {
  @JsonController()
  class UsersController {
    @Get('/me')
    @Authorize({})
    me(@CurrentPrincipal() me: Principal): { id: string; roles: readonly string[] } {
      return { id: me.id, roles: me.roles };
    }

    @Get('/admin/users')
    @Authorize({ action: 'read', subject: 'User', roles: ['admin'] })
    async users(): Promise<{ items: User[] }> {
      return { items: await context.users.find({ order: { username: 'ASC' } }) };
    }
  }
  return UsersController;
}
