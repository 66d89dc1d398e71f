import type { TokenSigner } from '@bulwark/auth';
import type { DataSource, Repository } from 'typeorm';
import { Task } from './entities/task.entity';
import { User } from './entities/user.entity';

/** What the controllers of one app instance share. */
export interface AppContext {
  readonly dataSource: DataSource;
  readonly users: Repository<User>;
  readonly tasks: Repository<Task>;
  readonly signer: TokenSigner;
}

/** Builds the context from an initialized data source. */
export function createContext(dataSource: DataSource, signer: TokenSigner): AppContext {
  return {
    dataSource,
    users: dataSource.getRepository(User),
    tasks: dataSource.getRepository(Task),
    signer,
  };
}
