import autocannon from 'autocannon';
import { floodAddress, type LoadJob, type LoadResult } from './load-job';

/**
 * Entry of the load process: runs each job it is sent with autocannon and answers with the
 * result. It runs in its own process so the load generator never shares an event loop with a
 * server under test.
 */
async function run(job: LoadJob): Promise<LoadResult> {
  let sent = 0;
  const requests = job.requests.map((planned) => ({
    method: planned.method,
    path: planned.path,
    headers: { ...planned.headers },
    ...(planned.body === undefined ? {} : { body: planned.body }),
    ...(job.isAddressFlood
      ? {
          setupRequest: (request: { headers?: Record<string, string> }) => {
            const address = floodAddress(sent);
            sent += 1;
            return { ...request, headers: { ...request.headers, 'x-forwarded-for': address } };
          },
        }
      : {}),
  }));
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.durationSeconds,
    pipelining: job.pipelining,
    requests,
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) {
    statusCodes[code] = Number(stats.count);
  }
  return {
    requestsPerSecond: result.requests.total / result.duration,
    total: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    addresses: sent,
  };
}

process.on('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send?.({ type: 'result', result }),
    (error: unknown) => process.send?.({ type: 'error', message: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
