// Authorization micro benchmark: what a request pays for its CASL ability and the checks Bulwark
// runs with it, in nanoseconds per call, measured in one run. "cached" is what the runtime does
// (`permissions.abilityFor`, an LRU keyed by the whole principal); "rebuilt" builds the ability
// from the rules on every request, as a guard without a cache would. Each variant runs a fixed
// number of calls per round over a fixed number of rounds, so the run ends
// by itself. Rounds alternate between variants so that load from elsewhere on the machine hits
// each alike; the fastest round (least disturbed) and the median round are both reported.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { subject } from '@casl/ability';
import {
  createPrincipal,
  definePermissions,
  forbiddenFields,
  readableFields,
  type Principal,
} from '@bulwark/core';

const ROOT = resolve(__dirname, '..', '..');
const CALLS = Number(process.env.AUTHZ_BENCH_CALLS ?? 20_000);
const ROUNDS = Number(process.env.AUTHZ_BENCH_ROUNDS ?? 9);
const USERS = 1_000;

/** The reference app's note rules, restated so the benchmark needs no database. */
const FIELDS = ['id', 'title', 'body', 'ownerId', 'isPublished', 'createdAt', 'updatedAt'];
const permissions = definePermissions({
  subjects: { Note: { fields: FIELDS } },
  roles: {
    editor: ({ can, cannot }, me) => {
      can('read', 'Note', { isPublished: true });
      can('read', 'Note', { ownerId: me.id });
      can('create', 'Note', ['title', 'body', 'isPublished']);
      can('update', 'Note', ['title', 'body', 'isPublished'], { ownerId: me.id });
      can('delete', 'Note', { ownerId: me.id });
      cannot('delete', 'Note', { isPublished: true }).because('published notes are kept');
    },
    viewer: ({ can }) => can('read', 'Note', FIELDS.slice(0, 3), { isPublished: true }),
  },
  cacheSize: 10_000,
});

const principals: Principal[] = Array.from({ length: USERS }, (_, i) =>
  createPrincipal({ id: `user-${i}`, kind: 'user', scheme: 'bearer', roles: ['editor'] }),
);
const note = (i: number) =>
  subject('Note', {
    id: `n-${i}`,
    title: 't',
    body: 'b',
    ownerId: `user-${i % USERS}`,
    isPublished: i % 2 === 0,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  });
const notes = Array.from({ length: USERS }, (_, i) => note(i));

interface Variant {
  readonly name: string;
  readonly call: (i: number) => unknown;
}

interface Result {
  readonly name: string;
  /** The fastest round: the least disturbed by other work on the machine. */
  readonly minNsPerCall: number;
  readonly medianNsPerCall: number;
}

let sink = 0;

function timeRound(variant: Variant): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i += 1) sink += variant.call(i) === undefined ? 0 : 1;
  return Number(process.hrtime.bigint() - started) / CALLS;
}

/** Rounds alternate between variants, so a burst of load elsewhere hits each variant alike. */
function measure(variants: readonly Variant[]): Result[] {
  for (const variant of variants) {
    for (let i = 0; i < CALLS / 10; i += 1) sink += variant.call(i) === undefined ? 0 : 1;
  }
  const rounds = variants.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round += 1) {
    variants.forEach((variant, index) => rounds[index]?.push(timeRound(variant)));
  }
  return variants.map((variant, index) => {
    const sorted = [...(rounds[index] ?? [])].sort((a, b) => a - b);
    return {
      name: variant.name,
      minNsPerCall: Math.round(sorted[0] as number),
      medianNsPerCall: Math.round(sorted[Math.floor(sorted.length / 2)] as number),
    };
  });
}

function variant(name: string, call: (i: number) => unknown): Variant {
  return { name, call };
}

function main(): void {
  const held = permissions.abilityFor(principals[0] as Principal);
  for (const principal of principals) permissions.abilityFor(principal);
  const results = measure([
    variant('check only (ability already held)', (i) =>
      held.can('update', notes[i % USERS] as never),
    ),
    variant('cached: abilityFor + can(update, note)', (i) =>
      permissions
        .abilityFor(principals[i % USERS] as Principal)
        .can('update', notes[i % USERS] as never),
    ),
    variant('cached, equal principal in a new object each call', (i) =>
      permissions
        .abilityFor(
          createPrincipal({
            id: `user-${i % USERS}`,
            kind: 'user',
            scheme: 'bearer',
            roles: ['editor'],
          }),
        )
        .can('update', notes[i % USERS] as never),
    ),
    variant('createPrincipal alone (part of the line above)', (i) =>
      createPrincipal({
        id: `user-${i % USERS}`,
        kind: 'user',
        scheme: 'bearer',
        roles: ['editor'],
      }),
    ),
    variant('rebuilt: rules + ability + can(update, note)', (i) =>
      permissions
        .abilityOf(permissions.rulesFor(principals[i % USERS] as Principal))
        .can('update', notes[i % USERS] as never),
    ),
    variant('write check: 3 fields on the loaded note', (i) =>
      forbiddenFields(held, 'update', notes[i % USERS] as object, ['title', 'body', 'isPublished']),
    ),
    variant('read filter: readable fields of one note', (i) =>
      readableFields(held, 'read', notes[i % USERS] as object, FIELDS),
    ),
  ]);
  const cached = results[1]?.minNsPerCall ?? NaN;
  const rebuilt = results[4]?.minNsPerCall ?? NaN;
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    calls: CALLS,
    rounds: ROUNDS,
    distinctPrincipals: USERS,
    results,
    rebuiltOverCached: Math.round((rebuilt / cached) * 10) / 10,
    loadAverage: loadavg().map((value) => Math.round(value * 10) / 10),
    cpus: cpus().length,
  };
  if (sink < 0) throw new Error('unreachable');
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) {
    process.stdout.write(
      `${r.name.padEnd(width)}  min ${String(r.minNsPerCall).padStart(7)} ns/call  median ${String(r.medianNsPerCall).padStart(7)} ns/call\n`,
    );
  }
  process.stdout.write(`rebuilt / cached (min): ${report.rebuiltOverCached}x\n`);
  const runs = join(ROOT, 'bench', '.runs');
  mkdirSync(runs, { recursive: true });
  writeFileSync(
    join(runs, 'authorization-ability-cost.json'),
    `${JSON.stringify(report, null, 2)}\n`,
  );
}

main();
