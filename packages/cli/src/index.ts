export { run, COMMANDS } from './main';
export { EXIT_CODES } from './exit-codes';
export type { ExitCode } from './exit-codes';
export { CliError, isCliError } from './cli-error';
export type { CliIo, OutputStream } from './terminal/io';
export { defineConfig } from './project/cli-config';
export type {
  BulwarkCliConfig,
  CliAppHandle,
  CliAuditSource,
  CliBulwarkApp,
  DeploymentFacts,
  SecretRequirement,
} from './project/cli-config';
export { SAFE_VERSION_TABLE } from './doctor/safe-versions';
export type { Advisory } from './doctor/safe-versions';
export type { Finding, Severity } from './doctor/finding';
export { accessMatrix } from './routes/access-matrix';
export type { AccessMatrix, MatrixRow } from './routes/access-matrix';
export { routeRows } from './routes/route-rows';
export type { RouteRow } from './routes/route-rows';
export { strictViolations } from './routes/strict-check';
export type { StrictViolation } from './routes/strict-check';
