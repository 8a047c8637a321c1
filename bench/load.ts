import autocannon from 'autocannon';

/**
 * Closed-loop load on 127.0.0.1 through autocannon: `concurrency` keep-alive connections, each sending its
 * next request when the last returns, for `seconds`. Latencies in ms; a non-2xx answer, a connection error
 * or a timeout counts as an error.
 */
export async function load(
  port: number,
  path: string,
  headers: Record<string, string>,
  seconds: number,
  concurrency = 32,
) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    headers,
    connections: concurrency,
    duration: seconds,
  });
  return {
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}
