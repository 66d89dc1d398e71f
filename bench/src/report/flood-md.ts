import type { FloodReport } from '../flood/http-flood';
import type { LimiterFloodReport } from '../flood/limiter-flood';
import { MB } from './summary';
import { table } from './table';

const int = (value: number): string => Math.round(value).toLocaleString('en-US');
const mb = (bytes: number | null): string => (bytes === null ? '—' : (bytes / MB).toFixed(1));

function every5(series: readonly number[]): string {
  return (
    series
      .map((bytes, i) => ((i + 1) % 5 === 0 ? `${i + 1} s: ${mb(bytes)}` : null))
      .filter((line): line is string => line !== null)
      .join(', ') || '—'
  );
}

function limiterPart(run: LimiterFloodReport): string {
  const last = run.samples.at(-1);
  return [
    `**The rate limiter at the target rate.** Bulwark's default memory enforcer, in its own process, checks a new client address ${int(run.targetPerSecond)} times a second against the benchmark app's address-keyed limit (window ${run.windowSeconds} s), until ${int(run.addresses)} addresses.`,
    '',
    table(
      ['Measure', 'Value'],
      [
        ['Distinct addresses checked', int(run.addresses)],
        ['Duration', `${run.seconds.toFixed(1)} s`],
        ['Refusals (must be 0)', int(run.refusals)],
        ['Counters held at the end', last === undefined ? '—' : int(last.liveKeys)],
        ['Peak counters held', int(Math.max(0, ...run.samples.map((s) => s.liveKeys)))],
        ['RSS growth, last fifth vs second fifth (MB)', mb(run.growthBytes)],
        [
          'Heap after a full collection, growth last fifth vs second fifth (MB)',
          mb(run.retainedHeapGrowthBytes),
        ],
        [
          'RSS after a full collection, growth last fifth vs second fifth (MB)',
          mb(run.retainedGrowthBytes),
        ],
        ['Peak RSS (MB)', mb(Math.max(0, ...run.samples.map((s) => s.rssBytes)))],
      ],
    ),
    '',
    `RSS every 5 s (MB): ${every5(run.samples.map((s) => s.rssBytes))}`,
    '',
    `Heap used every 5 s (MB): ${every5(run.samples.map((s) => s.heapUsedBytes))}`,
    '',
    `RSS / heap right after a full collection, every 5 s (MB): ${run.samples
      .filter((s) => s.retainedRssBytes !== null && s.retainedHeapBytes !== null)
      .map((s) => `${s.second} s: ${mb(s.retainedRssBytes)} / ${mb(s.retainedHeapBytes)}`)
      .join(', ')}`,
    '',
    `Counters held every 5 s: ${run.samples
      .filter((s) => s.second % 5 === 0)
      .map((s) => `${s.second} s: ${int(s.liveKeys)}`)
      .join(', ')}`,
  ].join('\n');
}

function httpPart(run: FloodReport): string {
  return [
    `**The whole server over HTTP.** A Bulwark server that trusts its loopback proxy (this run only) answers \`GET /ping\`, each request from a new \`X-Forwarded-For\` address, for ${run.seconds} s as fast as this machine allows.`,
    '',
    table(
      ['Measure', 'Value'],
      [
        ['Distinct client addresses served', int(run.addresses)],
        ['Requests per second', int(run.requestsPerSecond)],
        ['Non-2xx, errors, timeouts', int(run.non2xx)],
        ['RSS idle before the flood (MB)', mb(run.idleRssBytes)],
        ['RSS peak (MB)', mb(run.peakBytes)],
        ['RSS growth, last fifth vs second fifth (MB)', mb(run.growthBytes)],
      ],
    ),
    '',
    `RSS every 5 s (MB): ${every5(run.samples)}`,
  ].join('\n');
}

/**
 * Renders the memory runs under a flood of distinct client addresses: the limiter at the target
 * rate (a million addresses in a minute) and the whole server over HTTP at the rate it reaches.
 *
 * @param limiter - The limiter run, if it ran.
 * @param http - The HTTP run, if it ran.
 * @returns The Markdown text.
 */
export function floodSection(limiter: LimiterFloodReport | null, http: FloodReport | null): string {
  if (limiter === null && http === null)
    return 'Not run in this session (`BENCH_SKIP` included `flood`).';
  return [
    limiter === null ? '' : limiterPart(limiter),
    '',
    http === null ? '' : httpPart(http),
  ].join('\n');
}
