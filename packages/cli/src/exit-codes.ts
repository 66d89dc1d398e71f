/**
 * The exit codes of the `bulwark` command. They are API: CI scripts branch on them, so a code is
 * never renumbered or reused. `docs/cli.md` lists the same table.
 */
export const EXIT_CODES = Object.freeze({
  /** The command did what was asked and found nothing to fail on. */
  OK: 0,
  /** A check failed: a high doctor finding, a `routes --strict` violation, a tampered chain. */
  CHECK_FAILED: 1,
  /** The command line is wrong: unknown command or option, missing or invalid value. */
  USAGE: 2,
  /** The project could not be loaded: no config file, or the app failed to build. */
  PROJECT: 3,
  /** `bulwark new` refused to write into a folder that is not empty (give `--force`). */
  TARGET_NOT_EMPTY: 4,
  /** An outside step failed: the package install, or writing an output file. */
  STEP_FAILED: 5,
  /** A fault in the CLI itself; the message says what went wrong. */
  INTERNAL: 70,
} as const);

/** One of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
