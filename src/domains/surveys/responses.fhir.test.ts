import type { Definition } from '@contract/surveys/definition.js';
import { describe, expect, it } from 'vitest';
import { toResponseBundle } from './responses.fhir.js';
import type { ExportRow } from './results.export.js';

const d: Definition = {
  sections: [
    {
      title: 'About the session',
      questions: [
        {
          key: 'topics',
          type: 'multiple_choice',
          text: 'Which parts helped?',
          required: true,
          options: [
            { value: 'cases', label: 'Case studies' },
            { value: 'other', label: 'Other' },
          ],
          followUp: { when: ['other'], text: 'Please describe:', required: false },
        },
        { key: 'rate', type: 'rating', text: 'Rate it', required: false, min: 1, max: 5, anchors: [] },
      ],
    },
  ],
};
const row = (answers: ExportRow['answers']): ExportRow => ({
  answers,
  groups: { plan: 'Plan A', organisation: 'Clinic', role: 'care_coordinator' },
  submittedOn: '2026-11-02',
});

describe('responses as FHIR QuestionnaireResponses', () => {
  it('nests a follow-up under the answer that shows it, and leaves out what was not answered', () => {
    const rows = [
      row({ topics: { value: ['cases', 'other'], followUp: 'Role play' } }),
      ...Array.from({ length: 4 }, () => row({ topics: { value: ['cases'] }, rate: { value: 4 } })),
    ];
    const bundle = toResponseBundle({ code: 'FB', version: 2, definition: d }, rows);
    expect(bundle.entry).toHaveLength(5);
    const first = bundle.entry![0]!.resource;
    expect(first).toMatchObject({
      questionnaire: 'https://concord.example/fhir/Questionnaire/FB|2',
      authored: '2026-11-02',
      status: 'completed',
    });
    expect(first.item).toEqual([
      {
        linkId: 'section-1',
        text: 'About the session',
        item: [
          {
            linkId: 'topics',
            text: 'Which parts helped?',
            answer: [
              { valueCoding: { code: 'cases', display: 'Case studies' } },
              {
                valueCoding: { code: 'other', display: 'Other' },
                item: [
                  {
                    linkId: 'topics.followUp',
                    text: 'Please describe:',
                    answer: [{ valueString: 'Role play' }],
                  },
                ],
              },
            ],
          },
        ],
      },
    ]);
    expect(bundle.entry![1]!.resource.item[0]!.item![1]).toEqual({
      linkId: 'rate',
      text: 'Rate it',
      answer: [{ valueInteger: 4 }],
    });
    // The groups a response is counted in are Concord's, for suppression: not written.
    expect(JSON.stringify(bundle)).not.toContain('Plan A');
  });

  it('writes nothing when fewer than five responded', () => {
    const rows = Array.from({ length: 4 }, () => row({ rate: { value: 3 } }));
    const bundle = toResponseBundle({ code: 'FB', version: 1, definition: d }, rows);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(bundle).not.toHaveProperty('entry');
  });
});
