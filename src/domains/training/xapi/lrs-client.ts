import { isIP } from 'node:net';
import { XAPI_VERSION } from './statement.js';

/** What an LRS said to a request, sorted by what the sender does next (decision 069). */
export type LrsAnswer =
  | { kind: 'stored'; status: number }
  /** 409: the LRS already holds a statement with this id. */
  | { kind: 'conflict'; status: number; message: string }
  /** 4xx but 409 (bad credentials, a statement refused): sending again will not help. */
  | { kind: 'refused'; status: number; message: string }
  /** Network error, timeout, 5xx or 429: worth another try. */
  | { kind: 'retry'; status: number | null; message: string };

export interface LrsConnection {
  endpoint: string;
  key: string;
  secret: string;
}

const TIMEOUT_MS = 15_000;
const ANSWER_CHARS = 500;

const statementsUrl = (endpoint: string) => `${endpoint.replace(/\/+$/, '')}/statements`;

/** POSTs statements (one or an array); or PUTs one with its id, so sending it again is harmless. */
export async function sendStatements(
  lrs: LrsConnection,
  statements: object[] | { id: string },
  signal?: AbortSignal,
): Promise<LrsAnswer> {
  const single = !Array.isArray(statements);
  const url = single
    ? `${statementsUrl(lrs.endpoint)}?statementId=${encodeURIComponent(statements.id)}`
    : statementsUrl(lrs.endpoint);
  let res: Response;
  try {
    res = await fetch(url, {
      method: single ? 'PUT' : 'POST',
      headers: {
        'content-type': 'application/json',
        'x-experience-api-version': XAPI_VERSION,
        authorization: `Basic ${Buffer.from(`${lrs.key}:${lrs.secret}`).toString('base64')}`,
      },
      body: JSON.stringify(statements),
      redirect: 'error',
      signal: signal
        ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)])
        : AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return {
      kind: 'retry',
      status: null,
      message: `The LRS could not be reached (${cause?.code ?? cause?.message ?? (err as Error).message})`,
    };
  }
  const text = (await res.text().catch(() => '')).slice(0, ANSWER_CHARS);
  const message = `The LRS answered ${res.status}${text ? `: ${text}` : ''}`;
  if (res.status >= 200 && res.status < 300) return { kind: 'stored', status: res.status };
  if (res.status === 409) return { kind: 'conflict', status: res.status, message };
  if (res.status === 429 || res.status >= 500) return { kind: 'retry', status: res.status, message };
  return { kind: 'refused', status: res.status, message };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Private, loopback, link-local (cloud metadata) and unspecified addresses, written as IP literals. */
function privateAddress(host: string) {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 4) {
    const [a, b] = bare.split('.').map(Number) as [number, number];
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (isIP(bare) === 6) return bare === '::1' || bare === '::' || /^(fc|fd|fe8|fe9|fea|feb)/i.test(bare);
  return false;
}

/**
 * Why an endpoint is refused, or null. https only, to a name or a public address; plain http only to this
 * machine (localhost, 127.0.0.1, [::1]) and only when Concord itself is served that way (development, tests,
 * a local demo), so a production installation cannot be made to send credentials in clear or to probe its
 * own network through the test button.
 */
export function endpointProblem(endpoint: string, baseUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'Give the LRS endpoint as a full address, such as https://lrs.example.org/xapi';
  }
  if (url.username || url.password) return 'Give the key and secret in their own fields, not in the address';
  if (url.search || url.hash) return 'Give the endpoint without a query or fragment';
  const local = LOOPBACK.has(url.hostname);
  const servedLocally = (() => {
    try {
      const base = new URL(baseUrl);
      return base.protocol === 'http:' && LOOPBACK.has(base.hostname);
    } catch {
      return false;
    }
  })();
  if (url.protocol === 'http:' && local && servedLocally) return null;
  if (url.protocol !== 'https:') return 'The LRS endpoint must start with https://';
  if (local || privateAddress(url.hostname))
    return 'The LRS endpoint must be a public address, not one on this machine or a private network';
  return null;
}
