import type { CliAppHandle } from '../project/cli-config';
import type { Project } from '../project/load-project';

/** What the checks that need no running app read. */
export interface ProjectContext {
  readonly project: Project;
  /** The environment the app is built with (process over `.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Checked as production: `NODE_ENV=production` or `--production`. */
  readonly isProduction: boolean;
}

/** What the checks of a built app read. */
export interface DoctorContext extends ProjectContext {
  readonly handle: CliAppHandle;
}

/** Picks the severity of a problem that matters most in production. */
export function inProduction<T>(context: ProjectContext, production: T, otherwise: T): T {
  return context.isProduction ? production : otherwise;
}
