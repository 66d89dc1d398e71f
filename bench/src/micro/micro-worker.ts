import 'reflect-metadata';
import { createBenchKeys } from '../fixtures/keys';
import { auditCases } from './audit-cases';
import { authenticationCases } from './auth-cases';
import { measure, type MicroCase, type MicroResult } from './measure';
import { policyCases } from './policy-cases';
import { validationCases } from './validation-cases';

/**
 * Entry of the micro-benchmark process: times every pipeline step in isolation, in its own
 * process so no server or load generator shares its event loop, and reports the results over
 * IPC. The step order follows the request pipeline.
 */
async function main(): Promise<void> {
  const budgetMs = Number(process.env['BULWARK_BENCH_MICRO_MS'] ?? '400');
  const audit = await auditCases(process.env['BULWARK_BENCH_RUN_DIR'] ?? process.cwd());
  const keys = createBenchKeys();
  const cases: MicroCase[] = [
    ...(await authenticationCases(keys)),
    ...policyCases(keys),
    ...validationCases(),
    ...audit.cases,
  ];
  const results: MicroResult[] = [];
  try {
    for (const micro of cases) results.push(await measure(micro, budgetMs));
  } finally {
    await audit.close();
  }
  process.send?.({ type: 'micro', results, synchronous: audit.synchronous });
}

main().catch((error: unknown) => {
  process.send?.({ type: 'error', message: String((error as Error)?.stack ?? error) });
});
