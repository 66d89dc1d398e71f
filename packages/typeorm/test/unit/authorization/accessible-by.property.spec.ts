import { expect } from 'chai';
import fc from 'fast-check';
import { definePermissions } from '@bulwark/core';
import { accessibleBy } from '@bulwark/typeorm';
import {
  notePostgresSkipped,
  openPostgres,
  openSqlite,
  POSTGRES_SKIP_REASON,
  type TestDatabase,
} from './support/databases';
import { Doc, Person, Team } from './support/entities';
import { rowArbitrary, rulesArbitrary, type GeneratedRow } from './support/generators';

const model = definePermissions({
  subjects: { Doc: { entity: Doc } },
  roles: {},
});

async function seedPeople(db: TestDatabase): Promise<void> {
  await db.dataSource.getRepository(Team).insert([
    { id: 't1', name: 'red' },
    { id: 't2', name: null },
  ]);
  await db.dataSource.getRepository(Person).insert([
    { id: 'p1', role: 'editor', level: 1, team: { id: 't1' } },
    { id: 'p2', role: 'viewer', level: null, team: null },
    { id: 'p3', role: null, level: 2, team: { id: 't2' } },
  ]);
}

async function storeRows(db: TestDatabase, rows: readonly GeneratedRow[]): Promise<void> {
  const docs = db.dataSource.getRepository(Doc);
  await docs.createQueryBuilder().delete().execute();
  if (rows.length === 0) return;
  await docs.insert(
    rows.map(({ owner, ...row }) => ({ ...row, owner: owner === null ? null : { id: owner } })),
  );
}

/** How often a generated case permitted some rows but not all: the cases that discriminate. */
const tally = { cases: 0, partial: 0 };

/** Checks, for one rule set and one table, that the query returns exactly what `can` allows. */
async function agrees(db: TestDatabase, rules: object[], rows: readonly GeneratedRow[]) {
  await storeRows(db, rows);
  const ability = model.abilityOf(rules as never);
  const docs = db.dataSource.getRepository(Doc);
  const query = docs.createQueryBuilder('doc');
  accessibleBy(ability, 'read').ofType(Doc, 'Doc').applyTo(query);
  const returned = (await query.getMany()).map((doc) => doc.id).sort((a, b) => a - b);
  const stored = await docs.find({ relations: { owner: { team: true } } });
  const permitted = stored
    .filter((doc) => ability.can('read', doc as never))
    .map((doc) => doc.id)
    .sort((a, b) => a - b);
  expect(returned).to.deep.equal(permitted);
  tally.cases += 1;
  if (permitted.length > 0 && permitted.length < stored.length) tally.partial += 1;
}

function propertySuite(
  name: TestDatabase['name'],
  open: () => Promise<TestDatabase>,
  runs: number,
) {
  const skip = name === 'PostgreSQL' ? POSTGRES_SKIP_REASON : null;
  const title = `accessibleBy on ${name}${skip === null ? '' : ` (skipped: ${skip})`}`;
  describe(title, function () {
    this.timeout(120_000);
    let db: TestDatabase;

    before(async function () {
      tally.cases = 0;
      tally.partial = 0;
      if (skip !== null) {
        notePostgresSkipped('accessibleBy property test');
        this.skip();
      }
      db = await open();
      await seedPeople(db);
    });

    after(async () => {
      await db?.close();
    });

    it('returns exactly the rows for which ability.can is true, for generated rules and rows', async () => {
      await fc.assert(
        fc.asyncProperty(
          rulesArbitrary,
          fc.array(rowArbitrary, { minLength: 3, maxLength: 12 }),
          (rules, rows) => agrees(db, rules, rows),
        ),
        { numRuns: runs },
      );
    });

    it('generates enough cases where the rules keep some rows and drop others', () => {
      expect(tally.partial).to.be.greaterThan(tally.cases / 10);
    });
  });
}

propertySuite('SQLite', openSqlite, 300);
propertySuite('PostgreSQL', openPostgres, 150);
