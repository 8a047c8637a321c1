// The load benchmark's HTTP client: keep-alive requests to 127.0.0.1 with each one's time and outcome, a
// real sign-in (POST /api/auth/sign-in, then the session's CSRF token), and a multipart upload.
import http from 'node:http';

export interface Session {
  email: string;
  cookie: string;
  csrf: string;
  userId: string;
  personId: string;
  orgId: string;
}

export interface Sent {
  /** The HTTP status, or a connection error's code ('ECONNRESET', 'timeout'). */
  status: number | string;
  ms: number;
  body: string;
}

/** Longer than this and a request counts as an error ('timeout'). */
const TIMEOUT_MS = 30_000;

/** One browser's connections: a keep-alive agent, as a browser keeps its sockets open between clicks. */
export const browserAgent = () => new http.Agent({ keepAlive: true, maxSockets: 6 });

export function send(
  port: number,
  agent: http.Agent,
  method: string,
  path: string,
  options: {
    session?: Session | undefined;
    json?: unknown;
    body?: Buffer;
    headers?: Record<string, string>;
  } = {},
): Promise<Sent> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    body = Buffer.from(JSON.stringify(options.json));
    headers['content-type'] = 'application/json';
  }
  if (body) headers['content-length'] = String(body.length);
  if (options.session) {
    headers.cookie = options.session.cookie;
    if (method !== 'GET') headers['x-csrf-token'] = options.session.csrf;
  }
  const start = performance.now();
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          ms: performance.now() - start,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', (err: NodeJS.ErrnoException) =>
        resolve({ status: err.code ?? 'response error', ms: performance.now() - start, body: '' }),
      );
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    req.on('error', (err: NodeJS.ErrnoException) =>
      resolve({ status: err.code ?? err.message, ms: performance.now() - start, body: '' }),
    );
    req.end(body);
  });
}

/** Signs in as a person would: the sign-in sets the session cookie; the session names the CSRF token. */
export async function signIn(port: number, email: string, password: string): Promise<Session> {
  const agent = browserAgent();
  try {
    const signed = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const body = Buffer.from(JSON.stringify({ email, password }));
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/auth/sign-in',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
        },
        resolve,
      );
      req.on('error', reject);
      req.end(body);
    });
    signed.resume();
    const token = /concord_session=([^;]+)/.exec(String(signed.headers['set-cookie'] ?? ''))?.[1];
    if (signed.statusCode !== 204 || !token) {
      throw new Error(`signing in as ${email} answered ${signed.statusCode} (expected 204 with a cookie)`);
    }
    const cookie = `concord_session=${token}`;
    const session = await send(port, agent, 'GET', '/api/auth/session', {
      headers: { cookie },
    });
    if (session.status !== 200)
      throw new Error(`GET /api/auth/session as ${email} answered ${session.status}`);
    const s = JSON.parse(session.body) as Omit<Session, 'cookie' | 'csrf'> & { csrfToken: string };
    return { email, cookie, csrf: s.csrfToken, userId: s.userId, personId: s.personId, orgId: s.orgId };
  } finally {
    agent.destroy();
  }
}

/** A multipart/form-data body with one file in the field "file". */
export function multipartFile(fileName: string, contentType: string, content: Buffer) {
  const boundary = `----concord-bench-${Math.random().toString(36).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        `Content-Type: ${contentType}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
