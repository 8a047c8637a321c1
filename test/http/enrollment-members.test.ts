import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { acoWith, batchRow, batchXlsx, communityPartner, member, sendBatch } from '../support/enrollment.js';

/**
 * A member's Community Partner enrollment over time, and their choices: a request for a different CP, or to
 * decline, recorded by the ACO or the member's CP with the day it came, never by anyone else.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('a member’s choice', () => {
  it('is recorded by the ACO or the member’s CP, shown in the history, and refused to others', async () => {
    const cpA = await communityPartner(t);
    const cpB = await communityPartner(t);
    const aco = await acoWith(t, [cpA, cpB]);
    const m = await member(aco.admin);
    const sent = await sendBatch(
      t,
      aco.submitter,
      'e.xlsx',
      await batchXlsx([batchRow(m, aco, cpA, 'E', '2026-02-01')]),
    );
    expect(sent.batch.outcome).toBe('applied');
    const choices = `/api/enrollment/members/${m.id}/choices`;

    const asked = await aco.submitter.post(choices, {
      choice: 'different_cp',
      receivedOn: '2026-03-02',
      requestedCpOrgId: cpB.org.id,
      note: 'Called: wants a CP nearer her daughter.',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const declined = await cpA.client.post(choices, { choice: 'decline', receivedOn: '2026-03-05' });
    expect(declined.statusCode, declined.body).toBe(201);

    const history = (
      await aco.submitter.get(`/api/enrollment/members?masshealthId=${m.masshealthId}`)
    ).json();
    expect(history.items[0].choices).toMatchObject([
      { choice: 'decline', receivedOn: '2026-03-05', recordedByOrgName: cpA.org.name },
      {
        choice: 'different_cp',
        requestedCpName: cpB.org.name,
        note: 'Called: wants a CP nearer her daughter.',
      },
    ]);
    // The spans are as they were: a choice changes no enrollment.
    expect(history.items[0].spans).toHaveLength(1);

    // Refused: naming a CP with another choice, a future day, a non-CP, and anyone the member is not theirs.
    expect(
      (
        await aco.submitter.post(choices, {
          choice: 'decline',
          receivedOn: '2026-03-02',
          requestedCpOrgId: cpB.org.id,
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await aco.submitter.post(choices, { choice: 'decline', receivedOn: '2099-01-01' })).statusCode,
    ).toBe(422);
    expect(
      (
        await aco.submitter.post(choices, {
          choice: 'different_cp',
          receivedOn: '2026-03-02',
          requestedCpOrgId: aco.org.id,
        })
      ).statusCode,
    ).toBe(422);
    const other = await acoWith(t, [cpA]);
    expect(
      (await other.submitter.post(choices, { choice: 'decline', receivedOn: '2026-03-02' })).statusCode,
    ).toBe(404);
    expect((await cpB.client.post(choices, { choice: 'decline', receivedOn: '2026-03-02' })).statusCode).toBe(
      404,
    );
    expect(
      (await other.submitter.get(`/api/enrollment/members?masshealthId=${m.masshealthId}`)).statusCode,
    ).toBe(404);
  });
});
