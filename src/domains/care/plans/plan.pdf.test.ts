import { REDISCLOSURE_NOTICE } from '@contract/care/part2.schemas.js';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../../test/support/files.js';
import { renderSignedPlan, type SignedPlanFacts } from './plan.pdf.js';

// A signed plan tagged under 42 CFR Part 2 carries the redisclosure notice of 42 CFR 2.32 under its title; an
// untagged one does not.
const facts = (part2: boolean): SignedPlanFacts => ({
  kind: 'pctp',
  number: 1,
  addendum: false,
  organisation: 'Harbor Recovery Partners',
  enrollee: { name: 'Rosa Example', birthDate: '1958-04-12', masshealthId: '100200300400' },
  assessedOn: '2026-11-02',
  content: {
    goals: [{ words: 'Stay in recovery and keep my apartment', domain: 'substance_use', targetOn: null }],
    needs: [],
    services: [],
    interventions: [],
  },
  signatures: [
    {
      step: 'enrollee',
      signerName: 'Rosa Example',
      signerRole: 'enrollee',
      channel: 'on_screen',
      signedOn: '2026-11-05',
    },
  ],
  lockedAt: new Date('2026-11-06T15:00:00Z'),
  part2,
});

const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('the signed plan PDF', () => {
  it('carries the redisclosure notice when the plan is a Part 2 record, and only then', async () => {
    const tagged = flat((await pdfText(await renderSignedPlan(facts(true)))).text);
    expect(tagged).toContain('Confidential: protected by 42 CFR Part 2');
    expect(tagged).toContain(flat(REDISCLOSURE_NOTICE).slice(0, 120));
    const plain = flat((await pdfText(await renderSignedPlan(facts(false)))).text);
    expect(plain).not.toContain('42 CFR');
  });
});
