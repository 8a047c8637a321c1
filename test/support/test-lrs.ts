import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the LRS received: method, path with query, headers, and the statements (always an array here). */
export interface LrsRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  statements: Record<string, unknown>[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IRI = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;

/** What xAPI 1.0.3 requires of a statement (actor, verb, object; ids and IRIs shaped right); problems found. */
export function xapiProblems(s: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const actor = s.actor as { mbox?: string; account?: { homePage?: string; name?: string } } | undefined;
  const verb = s.verb as { id?: string } | undefined;
  const object = s.object as { objectType?: string; id?: string } | undefined;
  if (s.id !== undefined && !UUID.test(String(s.id))) problems.push('id is not a UUID');
  if (!actor) problems.push('actor missing');
  else if (
    !actor.mbox &&
    !(actor.account?.homePage && IRI.test(actor.account.homePage) && actor.account.name)
  )
    problems.push('actor has no inverse functional identifier');
  if (!verb?.id || !IRI.test(verb.id)) problems.push('verb.id is not an IRI');
  if (!object?.id) problems.push('object.id missing');
  else if (object.objectType === 'StatementRef' ? !UUID.test(object.id) : !IRI.test(object.id))
    problems.push('object.id is not shaped for its objectType');
  if (s.timestamp !== undefined && Number.isNaN(Date.parse(String(s.timestamp)))) problems.push('timestamp');
  const result = s.result as { completion?: unknown } | undefined;
  if (result && result.completion !== undefined && typeof result.completion !== 'boolean')
    problems.push('result.completion is not a boolean');
  return problems;
}

/**
 * A small LRS on 127.0.0.1: checks the version header, Basic credentials and each statement's shape, keeps
 * what it stored, and answers with the statuses queued by `failNext` first (503, 400, 401 …).
 */
export async function startTestLrs(credentials = { key: 'lrs-key', secret: 'lrs-secret' }) {
  const received: LrsRequest[] = [];
  const stored = new Map<string, Record<string, unknown>>();
  const planned: number[] = [];
  const expected = `Basic ${Buffer.from(`${credentials.key}:${credentials.secret}`).toString('base64')}`;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const answer = (status: number, payload?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-experience-api-version': '1.0.3' });
        res.end(payload === undefined ? '' : JSON.stringify(payload));
      };
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return answer(400, { error: 'body is not JSON' });
      }
      const statements = (Array.isArray(parsed) ? parsed : [parsed]) as Record<string, unknown>[];
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, statements });
      const next = planned.shift();
      if (next) return answer(next, { error: `planned ${next}` });
      if (req.headers.authorization !== expected) return answer(401, { error: 'bad credentials' });
      if (req.headers['x-experience-api-version'] !== '1.0.3')
        return answer(400, { error: 'version header' });
      const bad = statements.flatMap((s) => xapiProblems(s));
      if (bad.length) return answer(400, { error: bad.join('; ') });
      if (statements.some((s) => stored.has(String(s.id)))) return answer(409, { error: 'already stored' });
      for (const s of statements) stored.set(String(s.id), s);
      return req.method === 'PUT'
        ? answer(204)
        : answer(
            200,
            statements.map((s) => s.id),
          );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/xapi`,
    credentials,
    received,
    stored,
    /** The next requests are answered with these statuses, in turn. */
    failNext: (...statuses: number[]) => planned.push(...statuses),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
