import type { TokenSigner } from '@bulwark/auth';
import type { DataSource, Repository } from 'typeorm';
import { Note } from './entities/note.entity';
import { User } from './entities/user.entity';

/** What the controllers of one app instance share. */
export interface AppContext {
  readonly dataSource: DataSource;
  readonly users: Repository<User>;
  readonly notes: Repository<Note>;
  readonly signer: TokenSigner;
  /** Lifetime of login tokens. */
  readonly tokenLifetime: '15m' | '1h';
}

/** Builds the context from an initialized data source. */
export function createContext(dataSource: DataSource, signer: TokenSigner): AppContext {
  return {
    dataSource,
    users: dataSource.getRepository(User),
    notes: dataSource.getRepository(Note),
    signer,
    tokenLifetime: '15m',
  };
}
