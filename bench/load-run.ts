// One run of the load benchmark against a running server: virtual users clicking through their role's
// workload with think time, one people import uploaded and polled beside them, the server's RSS each
// second; every request timed, every error kept by kind, every audit event a success must leave tallied.
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { seededRandom } from '../src/seed/random.js';
import { browserAgent, multipartFile, type Sent, type Session, send } from './load-client.js';
import type { LoadUser, OrgFixture } from './load-users.js';
import { nextClick, thinkTime } from './load-workload.js';

export interface Identity {
  user: LoadUser;
  session: Session;
}

export interface RunSpec {
  name: string;
  label: string;
  /** Concurrent virtual users; 1 takes the signed-in identities in turn, so the mix stays the same. */
  users: number;
  thinkMs: number;
  /** Leave the import out, to see what it costs the others. */
  noImport?: boolean;
}

export interface KindStats {
  ms: number[];
  errors: Map<string, number>;
}

export interface ImportOutcome {
  status: string;
  message: string;
  /** The job's own time, from queued (the upload stored) to finished. */
  seconds: number | null;
}

export interface RunResult {
  spec: RunSpec;
  seconds: number;
  byKind: Map<string, KindStats>;
  /** Audit events successes must have left: `userId action entityType` → count. */
  expected: Map<string, number>;
  import: ImportOutcome;
  rssMb: number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const IMPORT_WAIT_MS = 300_000;

export const rssMb = (pid: number) => {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kb) / 1024);
};

export async function runLoad(options: {
  spec: RunSpec;
  port: number;
  serverPid: number;
  identities: Identity[];
  fixtures: Record<string, OrgFixture>;
  warmupSeconds: number;
  seconds: number;
  importFile: { name: string; content: Buffer; rows: number };
  /** Seconds into the measured window when the import is uploaded. */
  importAt: number;
  /** Called as the measured window opens and closes. */
  onWindow?: (edge: 'start' | 'end') => Promise<void> | void;
}): Promise<RunResult> {
  const { spec, port, identities, fixtures } = options;
  const byKind = new Map<string, KindStats>();
  const expected = new Map<string, number>();
  const t0 = performance.now();
  const measureFrom = t0 + options.warmupSeconds * 1000;
  const until = measureFrom + options.seconds * 1000;

  const tally = (key: string) => expected.set(key, (expected.get(key) ?? 0) + 1);
  /** Times a request if it started in the measured window; notes an error whenever it happened (warm-up too). */
  function note(kind: string, started: number, sent: Sent, ok: boolean) {
    const stats = byKind.get(kind) ?? { ms: [], errors: new Map<string, number>() };
    byKind.set(kind, stats);
    if (started >= measureFrom && started < until) stats.ms.push(sent.ms);
    if (!ok) {
      const what = typeof sent.status === 'number' ? `HTTP ${sent.status}` : sent.status;
      stats.errors.set(what, (stats.errors.get(what) ?? 0) + 1);
    }
  }
  const request = async (
    agent: http.Agent,
    who: Identity,
    kind: string,
    method: string,
    path: string,
    extra: Parameters<typeof send>[4] = {},
  ) => {
    const started = performance.now();
    const sent = await send(port, agent, method, path, { session: who.session, ...extra });
    const ok = typeof sent.status === 'number' && sent.status >= 200 && sent.status < 300;
    note(kind, started, sent, ok);
    return { sent, ok };
  };

  async function virtualUser(i: number) {
    const random = seededRandom(7_919 * (i + 1));
    const agent = browserAgent();
    let turn = i;
    const pause = async () => {
      const ms = Math.min(thinkTime(random, spec.thinkMs), until - performance.now());
      if (ms > 0) await sleep(ms);
    };
    await pause(); // users arrive spread out, not all at the same instant
    while (performance.now() < until) {
      const who = identities[turn % identities.length]!;
      if (spec.users === 1) turn++;
      const fixture = fixtures[who.user.orgCode]!;
      const click = nextClick(who.user.role, { session: who.session, fixture, random });
      const { ok } = await request(agent, who, click.kind, click.method, click.path, { json: click.json });
      if (ok && click.audit) tally(`${who.session.userId} ${click.audit.action} ${click.audit.entityType}`);
      await pause();
    }
    agent.destroy();
  }

  /** An organisation administrator uploads the people file, then watches its progress each second. */
  async function importer(): Promise<ImportOutcome> {
    const who =
      identities.find((u) => u.user.role === 'org_admin' && u.user.orgCode === 'BCHC') ??
      identities.find((u) => u.user.role === 'org_admin')!;
    const agent = browserAgent();
    await sleep(measureFrom + options.importAt * 1000 - performance.now());
    const kind = `POST /api/people/imports (${options.importFile.rows.toLocaleString('en-US')} rows)`;
    const upload = multipartFile(
      options.importFile.name,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      options.importFile.content,
    );
    const started = performance.now();
    const { sent, ok } = await request(agent, who, kind, 'POST', '/api/people/imports', upload);
    if (!ok)
      return { status: `upload answered ${sent.status}`, message: sent.body.slice(0, 200), seconds: null };
    const jobId = (JSON.parse(sent.body) as { id: string }).id;
    while (performance.now() - started < IMPORT_WAIT_MS) {
      await sleep(1_000);
      const poll = await request(
        agent,
        who,
        'GET /api/jobs/:id (import progress)',
        'GET',
        `/api/jobs/${jobId}`,
      );
      if (!poll.ok) continue;
      const job = JSON.parse(poll.sent.body) as {
        status: string;
        message: string | null;
        result: { outcome?: string } | null;
        createdAt: string;
        finishedAt: string | null;
      };
      if (job.status === 'succeeded' || job.status === 'failed') {
        agent.destroy();
        // An import that ran is audited whatever its outcome: `import`, or `import.rejected` with nothing applied.
        const outcome = job.result?.outcome;
        if (outcome)
          tally(`${who.session.userId} ${outcome === 'imported' ? 'import' : 'import.rejected'} people`);
        return {
          status: outcome ?? job.status,
          message: job.message ?? '',
          seconds: job.finishedAt
            ? (Date.parse(job.finishedAt) - Date.parse(job.createdAt)) / 1000
            : (performance.now() - started) / 1000,
        };
      }
    }
    agent.destroy();
    return { status: 'still running', message: `after ${IMPORT_WAIT_MS / 1000} s`, seconds: null };
  }

  const rss: number[] = [];
  const sampler = (async () => {
    await sleep(measureFrom - performance.now());
    await options.onWindow?.('start');
    while (performance.now() < until) {
      rss.push(rssMb(options.serverPid));
      await sleep(Math.min(1_000, until - performance.now()));
    }
    await options.onWindow?.('end');
  })();
  const imported: Promise<ImportOutcome> =
    options.importFile.rows > 0 && !spec.noImport
      ? importer()
      : Promise.resolve({ status: 'none', message: '', seconds: null });
  await Promise.all(Array.from({ length: spec.users }, (_, i) => virtualUser(i)));
  await sampler;
  return {
    spec,
    seconds: options.seconds,
    byKind,
    expected,
    import: await imported,
    rssMb: rss,
  };
}
