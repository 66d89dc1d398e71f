/**
 * The version ranges a new app depends on: the ones Bulwark itself is built and tested with,
 * each at or above the floor of the doctor's minimum-safe-version table.
 */
export const APP_DEPENDENCIES = Object.freeze({
  '@casl/ability': '^6.7.5',
  'class-transformer': '^0.5.1',
  'class-validator': '^0.14.2',
  express: '^4.21.2',
  'reflect-metadata': '^0.2.2',
  'routing-controllers': '^0.11.3',
  typeorm: '^1.1.0',
});

/** Database drivers, by `--db`. */
export const DATABASE_DRIVERS = Object.freeze({
  sqlite: { 'better-sqlite3': '^12.6.2' },
  postgres: { pg: '^8.16.0' },
});

/** Rate-limit store clients, by `--rate-limit-store`. */
export const STORE_CLIENTS = Object.freeze({
  memory: {},
  redis: { ioredis: '^5.8.0' },
});

/** Build and test tools. */
export const APP_DEV_DEPENDENCIES = Object.freeze({
  '@types/chai': '^5.2.3',
  '@types/express': '^4.17.23',
  '@types/mocha': '^10.0.10',
  '@types/node': '^20.19.0',
  chai: '^6.3.0',
  mocha: '^11.7.0',
  'ts-node': '^10.9.2',
  typescript: '~6.0.3',
});

/** The Bulwark packages a new app uses at run time. */
export const BULWARK_PACKAGES = Object.freeze([
  '@bulwark/audit',
  '@bulwark/auth',
  '@bulwark/core',
  '@bulwark/rate-limit',
  '@bulwark/routing-controllers',
  '@bulwark/typeorm',
]);
