import { createHash } from 'node:crypto';
import { addDays, addMonths } from '@contract/iso-days.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { type SQL, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dayWords } from '../../src/domains/care/index.js';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { checkedRows } from '../../src/platform/db/client.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { auditEntries, outboxMessages } from '../support/database-facts.js';
import { enrollee, signStep } from '../support/factories.js';
import { validateFhir } from '../support/fhir.js';
import { multipartFile, pdfText } from '../support/files.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const today = () => massachusettsToday();

const CONTENT = {
  goals: [{ words: 'I want to walk to church again', domain: 'functional', targetOn: null }],
  needs: [{ description: 'Help with bathing', domain: 'long_term_services' }],
  services: [
    { service: 'Personal care attendant', responsible: 'Bay Home Care', frequency: 'Daily, mornings' },
  ],
  interventions: [{ action: 'Physical therapy referral', responsible: 'Dr. Amani Okafor', targetOn: null }],
};

/** A One Care plan with an enrollee enrolled a month ago, assessed today, and its care managers signed in. */
async function world() {
  const plan = await t.org({ kind: 'plan' });
  const admin = await t.user([{ orgId: plan.id, role: 'org_admin' }]);
  const coordinator = await t.user([{ orgId: plan.id, role: 'clinical_care_manager' }]);
  const nurse = await t.user([{ orgId: plan.id, role: 'rn' }]);
  const client = await t.signIn(admin.email);
  const cm = await t.signIn(coordinator.email);
  const id = await enrollee(client);
  const e = await client.post(`/api/care/enrollees/${id}/enrollments`, {
    program: 'one_care',
    effectiveOn: addDays(today(), -30),
  });
  expect(e.statusCode, e.body).toBe(201);
  const a = await cm.post(`/api/care/enrollees/${id}/assessments`, {
    kind: 'comprehensive',
    completedOn: today(),
    inPerson: true,
  });
  expect(a.statusCode, a.body).toBe(201);
  return { plan, client, cm, nurse: await t.signIn(nurse.email), id, assessmentId: a.json().id as string };
}

async function draft(client: Client, id: string, assessmentId: string, extra: Record<string, unknown> = {}) {
  const res = await client.post(`/api/care/enrollees/${id}/plans`, {
    assessmentId,
    content: CONTENT,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function send(client: Client, plan: { id: string; version: number }, clinicalReview = true) {
  const res = await client.post(
    `/api/care/plans/${plan.id}/send`,
    { clinicalReview },
    { 'if-match': String(plan.version) },
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const enrolleeSigns = (client: Client, planId: string) =>
  signStep(client, planId, {
    step: 'enrollee',
    signerName: 'Rosa Enrollee',
    signerRole: 'enrollee',
    channel: 'on_screen',
    signedOn: today(),
    attested: true,
  });

/** The database's own refusal of a statement, in its words. */
async function refusal(statement: SQL) {
  const err = await t.database.system.execute(statement).then(
    () => null,
    (e: { cause?: { message?: string }; message: string }) => e,
  );
  return err ? (err.cause?.message ?? err.message) : 'not refused';
}

const tokenOf = (url: string) => url.split('/').pop()!;

describe('a care plan from draft to signed and locked', () => {
  it('walks the enrollee, the PCP through a link and the clinical review, then locks it with its PDF', async () => {
    const w = await world();
    let plan = await draft(w.cm, w.id, w.assessmentId);
    expect(plan).toMatchObject({ status: 'draft', number: 1, kind: 'icp', assessmentId: w.assessmentId });

    // A draft changes, with its version.
    const changed = await w.cm.put(
      `/api/care/plans/${plan.id}`,
      { content: { ...CONTENT, goals: [...CONTENT.goals, { words: 'Cook my own meals', domain: 'food' }] } },
      { 'if-match': String(plan.version) },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    const stale = await w.cm.put(
      `/api/care/plans/${plan.id}`,
      { content: CONTENT },
      { 'if-match': String(plan.version) },
    );
    expect(stale.statusCode).toBe(412);
    plan = await send(w.cm, changed.json());
    expect(plan.status).toBe('in_sign_off');
    expect(plan.steps.map((s: { step: string }) => s.step)).toEqual(['enrollee', 'pcp', 'clinical_review']);
    expect(plan.steps[0]).toMatchObject({
      dueOn: addDays(today(), 30),
      rule: { kind: 'plan_enrollee_signature', program: 'one_care', version: 1 },
    });
    expect(plan.steps[0].explanation).toContain('One Care plan signature rule v1');
    expect(plan.steps[1].dueOn).toBeNull();

    // Out for signatures, its words are fixed.
    const edit = await w.cm.put(
      `/api/care/plans/${plan.id}`,
      { content: CONTENT },
      { 'if-match': String(plan.version) },
    );
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('PLAN_IN_SIGN_OFF');

    // The steps are signed in order.
    const early = await signStep(w.cm, plan.id, {
      step: 'pcp',
      signerName: 'Dr. Okafor',
      signerRole: 'pcp',
      channel: 'on_screen',
      signedOn: today(),
      attested: true,
    });
    expect(early.statusCode).toBe(400);
    expect(JSON.stringify(early.json())).toContain('Enrollee’s signature comes first');
    const unattested = await signStep(w.cm, plan.id, {
      step: 'enrollee',
      signerName: 'Rosa Enrollee',
      signerRole: 'enrollee',
      channel: 'on_screen',
      signedOn: today(),
    });
    expect(unattested.statusCode).toBe(400);
    expect(JSON.stringify(unattested.json())).toContain('body.attested');

    const signed = await enrolleeSigns(w.cm, plan.id);
    expect(signed.statusCode, signed.body).toBe(201);
    expect(signed.json().steps[1]).toMatchObject({ dueOn: addDays(today(), 30) });
    const withdraw = await w.cm.post(`/api/care/plans/${plan.id}/withdraw`, undefined, {
      'if-match': String(signed.json().version),
    });
    expect(withdraw.json().code).toBe('PLAN_SIGNED_ALREADY');

    // The PCP approves through a single-use link that shows that plan only.
    const link = await w.cm.post(`/api/care/plans/${plan.id}/links`, {
      recipientName: 'Dr. Amani Okafor',
      hours: 48,
    });
    expect(link.statusCode, link.body).toBe(201);
    const token = tokenOf(link.json().url);
    expect(link.json().url).toContain('/plan-approval/');
    const opened = await t.app.inject({ method: 'GET', url: `/api/plan-approvals/${token}` });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(Object.keys(opened.json()).sort()).toEqual(
      ['enrollee', 'enrolleeSigned', 'expiresAt', 'organisation', 'plan', 'ready', 'recipientName'].sort(),
    );
    expect(opened.json()).toMatchObject({ ready: true, plan: { number: 1 } });
    expect(JSON.stringify(opened.json())).not.toContain(w.id);
    const approve = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/plan-approvals/${token}`,
        payload: { signerName: 'Amani Okafor, MD', attested: true },
      });
    const someoneElse = await t.app.inject({
      method: 'POST',
      url: `/api/plan-approvals/${token}`,
      payload: { signerName: 'Mallory Example', attested: true },
    });
    expect(someoneElse.statusCode).toBe(400);
    expect(JSON.stringify(someoneElse.json())).toContain('This link was made for Dr. Amani Okafor');
    const approved = await approve();
    expect(approved.statusCode, approved.body).toBe(200);
    const again = await approve();
    expect(again.statusCode).toBe(410);
    expect(again.json().code).toBe('PLAN_LINK_USED');
    expect((await t.app.inject({ method: 'GET', url: `/api/plan-approvals/${token}` })).statusCode).toBe(410);

    // Only the reviewer signs the clinical review, for themselves.
    const byCoordinator = await signStep(w.cm, plan.id, {
      step: 'clinical_review',
      signerName: 'Someone',
      signerRole: 'rn',
      channel: 'on_screen',
      signedOn: today(),
      attested: true,
    });
    expect(byCoordinator.statusCode).toBe(400);
    const reviewed = await signStep(w.nurse, plan.id, {
      step: 'clinical_review',
      signerName: 'Nora Nurse, RN',
      signerRole: 'rn',
      channel: 'on_screen',
      signedOn: today(),
      attested: true,
    });
    expect(reviewed.statusCode, reviewed.body).toBe(201);
    const locked = reviewed.json();
    expect(locked.status).toBe('signed');
    expect(locked.lockedAt).toBeTruthy();
    expect(locked.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(locked.steps[1].signed).toMatchObject({
      channel: 'link',
      recordedBy: null,
      signerName: 'Amani Okafor, MD',
    });
    expect(locked.review).toMatchObject({ dueOn: addMonths(today(), 12), overdue: false });

    // The PDF is exactly what was locked: its hash is the one in the audit trail.
    const pdf = await w.cm.get(`/api/care/plans/${plan.id}/signed.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const hash = createHash('sha256').update(pdf.rawPayload).digest('hex');
    expect(hash).toBe(locked.pdfSha256);
    const text = (await pdfText(pdf.rawPayload)).text;
    for (const words of [
      'I want to walk to church again',
      'Cook my own meals',
      'Amani Okafor, MD',
      'Nora Nurse, RN',
    ])
      expect(text).toContain(words);
    const audited = await auditEntries(t.database.system, { entityId: plan.id, action: 'lock' });
    expect(audited.map((e) => e.details.pdfSha256)).toEqual([hash]);
    const approval = await auditEntries(t.database.system, { entityId: plan.id, action: 'sign' });
    expect(approval.map((e) => e.actorName)).toContain('Dr. Amani Okafor (PCP, through a single-use link)');

    // Locked: no change through the API, nor in the database itself.
    const after = await w.cm.put(
      `/api/care/plans/${plan.id}`,
      { content: CONTENT },
      { 'if-match': String(locked.version) },
    );
    expect(after.statusCode).toBe(409);
    expect(after.json().code).toBe('PLAN_LOCKED');
    expect(await refusal(sql`update care_plans set content = '{}' where id = ${plan.id}`)).toMatch(/locked/);
    expect(await refusal(sql`update care_plans set pdf_sha256 = 'x' where id = ${plan.id}`)).toMatch(
      /locked/,
    );
    expect(await refusal(sql`delete from care_plan_signatures where plan_id = ${plan.id}`)).toMatch(
      /never changed or removed/,
    );
    expect(await refusal(sql`delete from care_plans where id = ${plan.id}`)).toMatch(/cannot be removed/);

    // A change now is a new version or an addendum, pointing to the signed plan.
    const addendum = await draft(w.cm, w.id, w.assessmentId, { addendum: true });
    expect(addendum).toMatchObject({ number: 2, addendum: true, previousId: plan.id, status: 'draft' });
    const second = await w.cm.post(`/api/care/enrollees/${w.id}/plans`, {
      assessmentId: w.assessmentId,
      content: CONTENT,
    });
    expect(second.json().code).toBe('PLAN_OPEN_ALREADY');
  });
});

describe('signatures and links refused', () => {
  it('needs an uploaded page for a wet signature, and takes one', async () => {
    const w = await world();
    const plan = await send(w.cm, await draft(w.cm, w.id, w.assessmentId), false);
    const without = await signStep(w.cm, plan.id, {
      step: 'enrollee',
      signerName: 'Rosa Enrollee',
      signerRole: 'enrollee',
      channel: 'uploaded',
      signedOn: today(),
    });
    expect(without.statusCode).toBe(400);
    expect(JSON.stringify(without.json())).toContain('body.fileId');
    const wrongType = multipartFile('page.exe', Buffer.from('MZ'), 'application/octet-stream');
    const refused = await w.cm.post(`/api/care/plans/${plan.id}/pages`, wrongType.payload, wrongType.headers);
    expect(refused.statusCode).toBe(400);
    const page = multipartFile('signed-page.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'), 'application/pdf');
    const uploaded = await w.cm.post(`/api/care/plans/${plan.id}/pages`, page.payload, page.headers);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const signed = await signStep(w.cm, plan.id, {
      step: 'enrollee',
      signerName: 'Rosa Enrollee',
      signerRole: 'enrollee',
      channel: 'uploaded',
      signedOn: today(),
      fileId: uploaded.json().fileId,
    });
    expect(signed.statusCode, signed.body).toBe(201);
    expect(signed.json().steps[0].signed).toMatchObject({
      channel: 'uploaded',
      fileId: uploaded.json().fileId,
    });
    // One page is one signature: the PCP's faxed page is a page of its own.
    const fax = {
      step: 'pcp',
      signerName: 'Dr. Okafor',
      signerRole: 'pcp',
      channel: 'fax',
      signedOn: today(),
    };
    const reused = await signStep(w.cm, plan.id, { ...fax, fileId: uploaded.json().fileId });
    expect(JSON.stringify(reused.json())).toContain('already the signature of another step');
    // A page uploaded to another plan does not count here, nor does a web page named .pdf.
    const other = await world();
    const otherPlan = await send(other.cm, await draft(other.cm, other.id, other.assessmentId), false);
    const elsewhere = await other.cm.post(
      `/api/care/plans/${otherPlan.id}/pages`,
      page.payload,
      page.headers,
    );
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    const borrowed = await signStep(w.cm, plan.id, { ...fax, fileId: elsewhere.json().fileId });
    expect(JSON.stringify(borrowed.json())).toContain('body.fileId');
    const html = multipartFile('fax.pdf', Buffer.from('<html><script>alert(1)</script>'), 'application/pdf');
    const disguised = await w.cm.post(`/api/care/plans/${plan.id}/pages`, html.payload, html.headers);
    expect(disguised.statusCode).toBe(400);
    expect(JSON.stringify(disguised.json())).toContain('is not a PDF file inside');
    const faxed = await w.cm.post(`/api/care/plans/${plan.id}/pages`, page.payload, page.headers);
    // Without a clinical review, the PCP's approval locks it.
    const pcp = await signStep(w.cm, plan.id, { ...fax, fileId: faxed.json().fileId });
    expect(pcp.statusCode, pcp.body).toBe(201);
    expect(pcp.json().status).toBe('signed');
  });

  it('refuses an expired link, an unknown one, and a link before the enrollee has signed', async () => {
    const w = await world();
    const plan = await send(w.cm, await draft(w.cm, w.id, w.assessmentId));
    const link = await w.cm.post(`/api/care/plans/${plan.id}/links`, { recipientName: 'Dr. Okafor' });
    const token = tokenOf(link.json().url);
    const early = await t.app.inject({
      method: 'POST',
      url: `/api/plan-approvals/${token}`,
      payload: { signerName: 'Dr. Okafor', attested: true },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('PLAN_AWAITS_ENROLLEE');
    // The refusal spent nothing: the link still opens, and says it is not ready.
    const opened = await t.app.inject({ method: 'GET', url: `/api/plan-approvals/${token}` });
    expect(opened.json()).toMatchObject({ ready: false, enrolleeSigned: null });

    await t.database.system.execute(
      sql`update care_plan_links set expires_at = now() - interval '1 minute' where plan_id = ${plan.id}`,
    );
    const expired = await t.app.inject({ method: 'GET', url: `/api/plan-approvals/${token}` });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().code).toBe('PLAN_LINK_EXPIRED');
    const unknown = await t.app.inject({ method: 'GET', url: `/api/plan-approvals/${'A'.repeat(43)}` });
    expect(unknown.statusCode).toBe(404);
    const malformed = await t.app.inject({ method: 'GET', url: '/api/plan-approvals/short' });
    expect(malformed.statusCode).toBe(400);
  });

  it('shows another organisation nothing of a plan', async () => {
    const w = await world();
    const plan = await draft(w.cm, w.id, w.assessmentId);
    const other = await t.org({ kind: 'plan' });
    const stranger = await t.signIn((await t.user([{ orgId: other.id, role: 'org_admin' }])).email);
    expect((await stranger.get(`/api/care/plans/${plan.id}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/care/enrollees/${w.id}/plans`)).statusCode).toBe(404);
    const put = await stranger.put(`/api/care/plans/${plan.id}`, { content: CONTENT }, { 'if-match': '1' });
    expect(put.statusCode).toBe(404);
    const sign = await stranger.post(
      `/api/care/plans/${plan.id}/signatures`,
      {
        step: 'enrollee',
        signerName: 'R',
        signerRole: 'enrollee',
        channel: 'on_screen',
        signedOn: today(),
        attested: true,
      },
      { 'if-match': '"1"' },
    );
    expect(sign.statusCode).toBe(404);
    expect((await stranger.get(`/api/care/plans/${plan.id}/signed.pdf`)).statusCode).toBe(404);
  });

  it('refuses a plan after a social-needs screening, and one before any assessment of this enrollee', async () => {
    const w = await world();
    const s = await w.cm.post(`/api/care/enrollees/${w.id}/assessments`, {
      kind: 'hrsn_screening',
      completedOn: today(),
      inPerson: false,
    });
    const res = await w.cm.post(`/api/care/enrollees/${w.id}/plans`, {
      assessmentId: s.json().id,
      content: CONTENT,
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('body.assessmentId');
    const other = await enrollee(w.client);
    const wrong = await w.cm.post(`/api/care/enrollees/${other}/plans`, {
      assessmentId: w.assessmentId,
      content: CONTENT,
    });
    expect(wrong.statusCode).toBe(400);
  });
});

describe('a locked plan', () => {
  it('never changes, whatever is tried through the API or in the database (property)', async () => {
    const w = await world();
    const sent = await send(w.cm, await draft(w.cm, w.id, w.assessmentId), false);
    await enrolleeSigns(w.cm, sent.id);
    const locked = (
      await signStep(w.cm, sent.id, {
        step: 'pcp',
        signerName: 'Dr. Okafor',
        signerRole: 'pcp',
        channel: 'on_screen',
        signedOn: today(),
        attested: true,
      })
    ).json();
    expect(locked.status).toBe('signed');
    const snapshot = async () => ({
      plan: (await w.cm.get(`/api/care/plans/${sent.id}`)).json(),
      // The rows as JSON: each engine's result object carries its own driver details beside them.
      rows: JSON.stringify(
        await checkedRows(
          t.database.system,
          z.object({ row: z.unknown() }),
          sql`select to_jsonb(p) || jsonb_build_object('signatures',
              (select json_agg(s order by s.step) from care_plan_signatures s where s.plan_id = p.id)) as row
            from care_plans p where p.id = ${sent.id}`,
        ),
      ),
    });
    const before = await snapshot();
    const column = fc.constantFrom(
      'content',
      'status',
      'pdf_sha256',
      'locked_at',
      'clinical_review',
      'number',
    );
    const attempt = fc.oneof(
      fc.record({ kind: fc.constant('put' as const), version: fc.integer({ min: 0, max: 9 }) }),
      fc.record({ kind: fc.constantFrom('send', 'withdraw', 'delete', 'link') }),
      fc.record({
        kind: fc.constant('sign' as const),
        step: fc.constantFrom('enrollee', 'pcp', 'clinical_review'),
        channel: fc.constantFrom('on_screen', 'fax'),
      }),
      fc.record({ kind: fc.constant('sql' as const), column }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(attempt, { minLength: 1, maxLength: 4 }), async (attempts) => {
        for (const a of attempts) {
          const url = `/api/care/plans/${sent.id}`;
          const version = { 'if-match': String(locked.version) };
          let status = 0;
          if (a.kind === 'put')
            status = (await w.cm.put(url, { content: CONTENT }, { 'if-match': String(a.version) }))
              .statusCode;
          else if (a.kind === 'send')
            status = (await w.cm.post(`${url}/send`, { clinicalReview: true }, version)).statusCode;
          else if (a.kind === 'withdraw')
            status = (await w.cm.post(`${url}/withdraw`, undefined, version)).statusCode;
          else if (a.kind === 'delete') status = (await w.cm.delete(url)).statusCode;
          else if (a.kind === 'link')
            status = (await w.cm.post(`${url}/links`, { recipientName: 'Dr. X' })).statusCode;
          else if (a.kind === 'sign')
            status = (
              await w.cm.post(`${url}/signatures`, {
                step: a.step,
                signerName: 'Someone',
                signerRole: a.step === 'enrollee' ? 'enrollee' : a.step === 'pcp' ? 'pcp' : 'rn',
                channel: a.channel,
                signedOn: today(),
                attested: true,
              })
            ).statusCode;
          else if ('column' in a) {
            const value = {
              content: sql`'{}'::jsonb`,
              status: sql`'draft'`,
              pdf_sha256: sql`'0'`,
              locked_at: sql`now()`,
              clinical_review: sql`true`,
              number: sql`99`,
            }[a.column];
            status =
              (await refusal(
                sql`update care_plans set ${sql.raw(a.column)} = ${value} where id = ${sent.id}`,
              )) === 'not refused'
                ? 200
                : 409;
          }
          expect(status, JSON.stringify(a)).toBeGreaterThanOrEqual(400);
        }
        expect(await snapshot()).toEqual(before);
      }),
      { numRuns: 12 },
    );
  });
});

describe('the coordinator’s work queue', () => {
  it('shows the step each plan waits for, due by its rule, until the plan is locked', async () => {
    const w = await world();
    const me = (await w.cm.get('/api/auth/session')).json();
    const spoc = await w.client.post(`/api/care/enrollees/${w.id}/team/single-point-of-contact`, {
      personId: me.personId,
      role: 'clinical_care_manager',
      memberOrgId: w.plan.id,
      startsOn: addDays(today(), -30),
    });
    expect(spoc.statusCode, spoc.body).toBe(201);
    const planItems = async () =>
      ((await w.cm.get('/api/care/queue?kind=plan_signature')).json().items[0]?.items ?? []) as {
        title: string;
        dueOn: string;
        rule: { kind: string; version: number };
      }[];
    const plan = await draft(w.cm, w.id, w.assessmentId);
    expect(await planItems()).toEqual([]); // a draft starts no clock
    await send(w.cm, plan, false);
    expect(await planItems()).toMatchObject([
      {
        title: 'Care plan 1: enrollee’s signature due',
        dueOn: addDays(today(), 30),
        rule: { kind: 'plan_enrollee_signature', version: 1 },
      },
    ]);
    await enrolleeSigns(w.cm, plan.id);
    expect(await planItems()).toMatchObject([
      { title: 'Care plan 1: PCP approval due', rule: { kind: 'plan_pcp_approval' } },
    ]);
    const pcp = await signStep(w.cm, plan.id, {
      step: 'pcp',
      signerName: 'Dr. Okafor',
      signerRole: 'pcp',
      channel: 'on_screen',
      signedOn: today(),
      attested: true,
    });
    expect(pcp.json().status).toBe('signed');
    expect(await planItems()).toEqual([]);
  });
});

describe('sign-off reminders', () => {
  it('remind the writer a week ahead, escalate to the administrators when overdue, each once', async () => {
    const w = await world();
    const plan = await send(w.cm, await draft(w.cm, w.id, w.assessmentId), false);
    const reminders = t.services.carePlans.reminders;
    const sent = () => outboxMessages(t.database.system, { entityId: plan.id });
    expect((await reminders.remind(w.plan.id, addDays(today(), 22))).queued).toBe(0);
    expect((await reminders.remind(w.plan.id, addDays(today(), 23))).queued).toBe(1);
    expect((await reminders.remind(w.plan.id, addDays(today(), 24))).queued).toBe(0); // the same due date
    const first = await sent();
    expect(first).toHaveLength(1);
    expect(first[0]!.subject).toBe(
      `Care plan waiting for the enrollee’s signature, due ${dayWords(addDays(today(), 30))}`,
    );
    // Overdue: the writer again, and the plan's administrators.
    expect((await reminders.remind(w.plan.id, addDays(today(), 31))).queued).toBe(2);
    const all = await sent();
    expect(all.map((m) => m.key.split(':')[1]).sort()).toEqual(['escalation', 'overdue', 'reminder']);
    const enrollee = (await w.client.get(`/api/care/enrollees/${w.id}`)).json();
    for (const m of all) {
      expect(m.body).not.toContain(enrollee.familyName);
      expect(m.body).not.toContain(enrollee.masshealthId);
      expect(m.body).toContain(`/care/enrollees/${w.id}`);
    }
  });
});

describe('FHIR R4', () => {
  it('reads the plan as a CarePlan, its signed PDF as a DocumentReference, and a Task per open step, all valid R4', async () => {
    const w = await world();
    const plan = await send(w.cm, await draft(w.cm, w.id, w.assessmentId), true);
    const fhir = (path: string) => w.cm.get(`/fhir/R4${path}`);
    const tasks = (await fhir(`/Task?patient=Patient/${w.id}`)).json();
    expect(tasks.total).toBe(3);
    expect(tasks.entry.map((e: { resource: { status: string } }) => e.resource.status)).toEqual([
      'ready',
      'requested',
      'requested',
    ]);
    for (const e of tasks.entry) validateFhir(e.resource);
    validateFhir((await fhir(`/CarePlan/${plan.id}`)).json());

    await enrolleeSigns(w.cm, plan.id);
    for (const [step, role] of [
      ['pcp', 'pcp'],
      ['clinical_review', 'clinical_care_manager'],
    ] as const)
      expect(
        (
          await signStep(w.cm, plan.id, {
            step,
            signerName: 'Signer',
            signerRole: role,
            channel: 'on_screen',
            signedOn: today(),
            attested: true,
          })
        ).statusCode,
      ).toBe(201);
    const carePlan = (await fhir(`/CarePlan/${plan.id}`)).json();
    validateFhir(carePlan);
    expect(carePlan).toMatchObject({
      resourceType: 'CarePlan',
      status: 'active',
      intent: 'plan',
      subject: { reference: `Patient/${w.id}` },
      supportingInfo: [{ reference: `DocumentReference/${plan.id}` }],
    });
    expect(carePlan.contained[0]).toMatchObject({
      resourceType: 'Goal',
      description: { text: CONTENT.goals[0]!.words },
    });
    const docs = (await fhir(`/DocumentReference?patient=${w.id}`)).json();
    expect(docs.total).toBe(1);
    validateFhir(docs);
    expect(docs.entry[0].resource.content[0].attachment.url).toMatch(
      new RegExp(`/api/care/plans/${plan.id}/signed.pdf$`),
    );
    expect((await fhir(`/Task?patient=${w.id}`)).json().total).toBe(0);
    validateFhir((await fhir(`/CarePlan?subject=Patient/${w.id}`)).json());
    // Another organisation: nothing, as an OperationOutcome.
    const other = await t.org({ kind: 'plan' });
    const stranger = await t.signIn((await t.user([{ orgId: other.id, role: 'org_admin' }])).email);
    const refused = await stranger.get(`/fhir/R4/CarePlan/${plan.id}`);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().resourceType).toBe('OperationOutcome');
  });
});

describe('findings from outside testing', () => {
  /** A plan with a behavioral-health Community Partner on the enrollee's team: its coordinator and a colleague. */
  async function withPartner() {
    const w = await world();
    const cp = await t.org({ kind: 'cp_bh' });
    await insertRelationship(t.database.system, {
      orgId: w.plan.id,
      kind: 'cp_partnership',
      otherOrgId: cp.id,
      startsOn: '2020-01-01',
    });
    const coordinator = await t.user([{ orgId: cp.id, role: 'care_coordinator' }]);
    const colleague = await t.user([{ orgId: cp.id, role: 'care_coordinator' }]);
    const spoc = await w.client.post(`/api/care/enrollees/${w.id}/team/single-point-of-contact`, {
      personId: coordinator.person.id,
      role: 'care_coordinator',
      memberOrgId: cp.id,
      startsOn: addDays(today(), -10),
    });
    expect(spoc.statusCode, spoc.body).toBe(201);
    return {
      ...w,
      cp,
      cpClient: await t.signIn(coordinator.email),
      colleague: await t.signIn(colleague.email),
    };
  }

  it('a Community Partner writes its own person-centered plan beside the plan’s, and only it changes it', async () => {
    const w = await withPartner();
    const pctp = await draft(w.cpClient, w.id, w.assessmentId);
    expect(pctp).toMatchObject({ kind: 'pctp', writtenByOrgId: w.cp.id });
    const icp = await draft(w.cm, w.id, w.assessmentId);
    expect(icp.kind).toBe('icp');
    const edit = await w.cm.put(
      `/api/care/plans/${pctp.id}`,
      { content: CONTENT },
      { 'if-match': `"${pctp.version}"` },
    );
    expect(edit.statusCode).toBe(403);
    const sent = await send(w.cpClient, pctp, false);
    expect(sent.steps[0].rule).toMatchObject({ program: 'cp', kind: 'plan_enrollee_signature' });
    // The plan's audit log has the partner's changes to its member's plan, naming the partner.
    const inHolder = (await auditEntries(t.database.system, { entityId: pctp.id }))
      .filter((e) => e.details?.actorOrgId === w.cp.id)
      .map((e) => e.action);
    expect(inHolder).toEqual(expect.arrayContaining(['create', 'send']));
    // A colleague at the partner who is not on the enrollee's team records no signature.
    const outsider = await w.colleague.post(
      `/api/care/plans/${pctp.id}/signatures`,
      {
        step: 'enrollee',
        signerName: 'R',
        signerRole: 'enrollee',
        channel: 'on_screen',
        signedOn: today(),
        attested: true,
      },
      { 'if-match': `"${sent.version}"` },
    );
    expect(outsider.statusCode).toBe(403);
    expect(
      (await w.colleague.post(`/api/care/plans/${pctp.id}/links`, { recipientName: 'Dr. X' })).statusCode,
    ).toBe(403);
  });

  it('revokes a plan’s links when it goes back to draft or is signed, and a draft with links can be discarded', async () => {
    const w = await world();
    let plan = await send(w.cm, await draft(w.cm, w.id, w.assessmentId), false);
    const first = tokenOf(
      (await w.cm.post(`/api/care/plans/${plan.id}/links`, { recipientName: 'Dr. Okafor' })).json().url,
    );
    plan = (
      await w.cm.post(`/api/care/plans/${plan.id}/withdraw`, undefined, { 'if-match': `"${plan.version}"` })
    ).json();
    const revoked = await t.app.inject({ method: 'GET', url: `/api/plan-approvals/${first}` });
    expect(revoked.statusCode).toBe(410);
    expect(revoked.json().code).toBe('PLAN_LINK_REVOKED');
    const stale = await w.cm.delete(`/api/care/plans/${plan.id}`, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(
      (await w.cm.delete(`/api/care/plans/${plan.id}`, { 'if-match': `"${plan.version}"` })).statusCode,
    ).toBe(204);

    const again = await send(w.cm, await draft(w.cm, w.id, w.assessmentId), false);
    const spare = tokenOf(
      (await w.cm.post(`/api/care/plans/${again.id}/links`, { recipientName: 'Dr. Okafor' })).json().url,
    );
    await enrolleeSigns(w.cm, again.id);
    const pcp = await signStep(w.cm, again.id, {
      step: 'pcp',
      signerName: 'Dr. Okafor',
      signerRole: 'pcp',
      channel: 'on_screen',
      signedOn: today(),
      attested: true,
    });
    expect(pcp.json().status).toBe('signed');
    expect((await t.app.inject({ method: 'GET', url: `/api/plan-approvals/${spare}` })).json().code).toBe(
      'PLAN_LINK_REVOKED',
    );
    // A signature at a version since changed is refused.
    const late = await w.cm.post(
      `/api/care/plans/${again.id}/signatures`,
      {
        step: 'pcp',
        signerName: 'X',
        signerRole: 'pcp',
        channel: 'on_screen',
        signedOn: today(),
        attested: true,
      },
      { 'if-match': '"1"' },
    );
    expect(late.statusCode).toBe(409);
  });

  it('answers FHIR reads of odd ids and patients with nothing found, and reads each reference it gives', async () => {
    const w = await world();
    const plan = await send(w.cm, await draft(w.cm, w.id, w.assessmentId), false);
    expect((await w.cm.get(`/fhir/R4/CarePlan/${'-'.repeat(36)}`)).statusCode).toBe(404);
    for (const search of ['CarePlan', 'Task', 'DocumentReference']) {
      const res = await w.cm.get(`/fhir/R4/${search}?patient=abc`);
      expect(res.statusCode, search).toBe(200);
      expect(res.json().total).toBe(0);
    }
    const task = (await w.cm.get(`/fhir/R4/Task?patient=${w.id}`)).json().entry[0].resource;
    const read = await w.cm.get(`/fhir/R4/Task/${task.id}`);
    expect(read.statusCode).toBe(200);
    validateFhir(read.json());
    await enrolleeSigns(w.cm, plan.id);
    await signStep(w.cm, plan.id, {
      step: 'pcp',
      signerName: 'Dr. Okafor',
      signerRole: 'pcp',
      channel: 'on_screen',
      signedOn: today(),
      attested: true,
    });
    const carePlan = (await w.cm.get(`/fhir/R4/CarePlan/${plan.id}`)).json();
    const doc = await w.cm.get(`/fhir/R4/${carePlan.supportingInfo[0].reference}`);
    expect(doc.statusCode).toBe(200);
    validateFhir(doc.json());
    expect((await w.cm.get(`/fhir/R4/Task/${task.id}`)).statusCode).toBe(404);
  });
});
