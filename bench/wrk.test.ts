import { describe, expect, it } from 'vitest';
import { parseWrk, wrkMilliseconds } from './wrk';

const output = `Running 5s test @ http://127.0.0.1:3400/posts/post-with-100-comments
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.10ms    1.02ms  30.12ms   90.00%
    Req/Sec    16.20k     1.10k   17.90k    80.00%
  Latency Distribution
     50%    2.95ms
     75%    3.20ms
     90%    3.90ms
     99%  850.00us
  80600 requests in 5.00s, 1.50GB read
  Non-2xx or 3xx responses: 3
Requests/sec:  16118.42
Transfer/sec:    307.20MB
`;

describe('parseWrk', () => {
  it('reads the rate, the percentiles in milliseconds, the bytes and the failures', () => {
    expect(parseWrk(output)).toEqual({
      requestsPerSecond: 16118,
      latencyP50: 2.95,
      latencyP99: 0.85,
      bytesPerResponse: Math.round((1.5 * 1024 ** 3) / 80600),
      non2xx: 3,
    });
  });
  it('converts every unit wrk prints', () => {
    expect(wrkMilliseconds('850.00us')).toBe(0.85);
    expect(wrkMilliseconds('1.20ms')).toBe(1.2);
    expect(wrkMilliseconds('2.01s')).toBeCloseTo(2010);
    expect(wrkMilliseconds('x')).toBeNaN();
  });
});
