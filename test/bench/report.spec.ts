import { expect } from 'chai';
import { readConfig } from '../../bench/src/config';
import { floodAddress } from '../../bench/src/load/load-job';
import { planRequests } from '../../bench/src/load/plan';
import type { Measurement } from '../../bench/src/rounds';
import { LOAD_STACKS, type Endpoint } from '../../bench/src/stacks';
import { growth, median, steadyPart } from '../../bench/src/report/stats';
import type { LimiterFloodReport } from '../../bench/src/flood/limiter-flood';
import { checkTargets, pairedRatio, summarize } from '../../bench/src/report/summary';

function period(
  stackId: string,
  endpoint: Endpoint,
  round: number,
  requestsPerSecond: number,
  p99Ms = 10,
): Measurement {
  return {
    round,
    stackId,
    endpoint,
    rssBytes: 100e6,
    cpuMicros: 100,
    result: {
      requestsPerSecond,
      total: requestsPerSecond * 4,
      p50Ms: 1,
      p99Ms,
      non2xx: 0,
      errors: 0,
      timeouts: 0,
      statusCodes: { '200': requestsPerSecond * 4 },
      addresses: 0,
    },
  };
}

describe('bench report', () => {
  describe('median', () => {
    it('takes the middle value, or the mean of the two middle values', () => {
      expect(median([3, 1, 2])).to.equal(2);
      expect(median([4, 1, 3, 2])).to.equal(2.5);
    });

    it('refuses an empty list', () => {
      expect(() => median([])).to.throw();
    });
  });

  describe('steadyPart and growth', () => {
    it('keep the second half, and compare the last fifth with the second fifth', () => {
      expect(steadyPart([1, 2, 3, 4])).to.deep.equal([3, 4]);
      expect(growth([0, 10, 10, 10, 10, 10, 10, 10, 15, 15])).to.equal(5);
      expect(growth([1, 2, 3])).to.equal(null);
    });
  });

  describe('pairedRatio', () => {
    it('divides within each round, then takes the median over rounds', () => {
      const get: Endpoint = 'GET /items/:id';
      const measurements = [
        period('routing-controllers', get, 1, 1000),
        period('bulwark-hs256', get, 1, 800),
        period('routing-controllers', get, 2, 500),
        period('bulwark-hs256', get, 2, 450),
        period('routing-controllers', get, 3, 2000),
        period('bulwark-hs256', get, 3, 1000),
      ];
      expect(pairedRatio(measurements, get, 'bulwark-hs256', 'routing-controllers')).to.equal(0.8);
      expect(pairedRatio(measurements, get, 'bulwark-hs256', 'nestjs')).to.equal(null);
    });
  });

  describe('summarize and checkTargets', () => {
    it('reports medians per cell and checks each target against its threshold', () => {
      const get: Endpoint = 'GET /items/:id';
      const measurements = [1, 2, 3].flatMap((round) => [
        period('routing-controllers', get, round, 1000, 10),
        period('bulwark-hs256', get, round, 850, 14),
        period('nestjs', get, round, 400, 30),
      ]);
      const [, bulwark] = summarize(
        measurements,
        LOAD_STACKS.filter((s) => ['routing-controllers', 'bulwark-hs256'].includes(s.id)),
      ).filter((s) => s.endpoint === get);
      expect(bulwark?.requestsPerSecond).to.equal(850);
      expect(bulwark?.vsRoutingControllers).to.equal(0.85);
      const targets = checkTargets(measurements, null);
      const met = (prefix: string) => targets.find((t) => t.target.startsWith(prefix))?.isMet;
      expect(met('Bulwark HS256 GET ≥ 80%')).to.equal(true);
      expect(met('Bulwark HS256 GET ≥ 2× NestJS')).to.equal(true);
      expect(met('Bulwark HS256 GET p99')).to.equal(true);
      expect(targets.some((t) => t.target.includes('POST'))).to.equal(false);
    });

    it('judges the address flood on the memory kept after a full collection', () => {
      const MB = 1e6;
      const flood = (raw: number, kept: number): LimiterFloodReport => ({
        seconds: 60,
        addresses: 1_000_000,
        targetPerSecond: 16_667,
        windowSeconds: 10,
        refusals: 0,
        samples: [],
        growthBytes: raw * MB,
        retainedGrowthBytes: raw * MB,
        retainedHeapGrowthBytes: kept * MB,
      });
      const floodCheck = (report: LimiterFloodReport) =>
        checkTargets([], report).find((t) => t.target.startsWith('Rate limiter'));

      expect(floodCheck(flood(40, 2))?.isMet).to.equal(true);
      expect(floodCheck(flood(40, 2))?.measured).to.include('raw RSS +40.0 MB');
      expect(floodCheck(flood(40, 2))?.measured).to.include('heap after a full collection +2.0 MB');
      expect(floodCheck(flood(2, 12))?.isMet).to.equal(false);
      expect(floodCheck({ ...flood(0, 0), refusals: 1 })?.isMet).to.equal(false);
    });
  });

  describe('planRequests', () => {
    it('pairs user i with the item user i owns and sends that user’s token', () => {
      const stack = LOAD_STACKS.find((s) => s.id === 'bulwark-hs256');
      const tokens = { HS256: ['t0', 't1'], ES256: ['e0', 'e1'] };
      const requests = planRequests(stack!, 'GET /items/:id', tokens, 2);
      expect(requests.map((r) => [r.path, r.headers['authorization']])).to.deep.equal([
        ['/items/item-0', 'Bearer t0'],
        ['/items/item-1', 'Bearer t1'],
      ]);
      const posts = planRequests(stack!, 'POST /items', tokens, 1);
      expect(JSON.parse(posts[0]?.body ?? '{}')).to.have.all.keys(
        'name',
        'description',
        'price',
        'category',
        'isPublished',
      );
    });
  });

  describe('floodAddress', () => {
    it('gives every request of a flood its own address', () => {
      const addresses = new Set(Array.from({ length: 70_000 }, (_, n) => floodAddress(n)));
      expect(addresses.size).to.equal(70_000);
      expect(floodAddress(65_536)).to.equal('10.1.0.0');
    });
  });

  describe('readConfig', () => {
    it('refuses a setting that is not a positive integer', () => {
      const saved = process.env['BENCH_ROUNDS'];
      process.env['BENCH_ROUNDS'] = 'two';
      try {
        expect(() => readConfig('/repo')).to.throw('BENCH_ROUNDS');
      } finally {
        if (saved === undefined) delete process.env['BENCH_ROUNDS'];
        else process.env['BENCH_ROUNDS'] = saved;
      }
    });

    it('places the report under the repository root, or at an absolute path as given', () => {
      const saved = process.env['BENCH_OUTPUT'];
      try {
        delete process.env['BENCH_OUTPUT'];
        expect(readConfig('/repo').output).to.equal('/repo/bench/RESULTS.md');
        process.env['BENCH_OUTPUT'] = '/tmp/results.md';
        expect(readConfig('/repo').output).to.equal('/tmp/results.md');
      } finally {
        if (saved === undefined) delete process.env['BENCH_OUTPUT'];
        else process.env['BENCH_OUTPUT'] = saved;
      }
    });
  });
});
