import type { TokenSigner } from '@bulwark/auth';
import type { BruteForceGuard } from '@bulwark/rate-limit';
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
  /** Locks out repeated failed logins per account and address. */
  readonly loginGuard: BruteForceGuard;
}

/** Builds the context from an initialized data source. */
export function createContext(
  dataSource: DataSource,
  signer: TokenSigner,
  loginGuard: BruteForceGuard,
): AppContext {
  return {
    dataSource,
    loginGuard,
    users: dataSource.getRepository(User),
    notes: dataSource.getRepository(Note),
    signer,
    tokenLifetime: '15m',
  };
}
