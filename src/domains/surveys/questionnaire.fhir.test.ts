import { type Definition, definition, type Question } from '@contract/surveys/definition.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODULE_1_NEEDS_ASSESSMENT, MODULE_2_NEEDS_ASSESSMENT } from './needs-assessments.definitions.js';
import { fromQuestionnaire, QuestionnaireProblem, toQuestionnaire } from './questionnaire.fhir.js';

const label = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s && s.length > 0);

/** Any valid question with key `key`. */
function questionArb(key: string): fc.Arbitrary<Question> {
  const base = fc.record({
    key: fc.constant(key),
    text: label,
    help: fc.option(label, { nil: undefined }),
    required: fc.boolean(),
  });
  const options = fc
    .uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'other'), { minLength: 2, maxLength: 6 })
    .chain((values) => fc.tuple(...values.map((value) => label.map((l) => ({ value, label: l })))));
  const choice = (type: 'single_choice' | 'multiple_choice' | 'scale') =>
    fc.record({ base, options, withFollowUp: fc.boolean(), text: label, required: fc.boolean() }).map(
      ({ base, options, withFollowUp, text, required }) =>
        ({
          ...base,
          type,
          options,
          ...(withFollowUp ? { followUp: { when: [options[0]!.value], text, required } } : {}),
        }) as Question,
    );
  return fc.oneof(
    choice('single_choice'),
    choice('multiple_choice'),
    choice('scale'),
    fc
      .record({
        base,
        max: fc.integer({ min: 2, max: 10 }),
        anchor: label,
        withFollowUp: fc.boolean(),
        f: label,
      })
      .map(({ base, max, anchor, withFollowUp, f }) => ({
        ...base,
        type: 'rating' as const,
        min: 1,
        max,
        anchors: [{ value: max, label: anchor }],
        ...(withFollowUp ? { followUp: { text: f, required: false } } : {}),
      })),
    fc.record({ base, yes: fc.boolean(), f: label }).map(({ base, yes, f }) => ({
      ...base,
      type: 'yes_no' as const,
      followUp: { when: [yes ? 'yes' : 'no'], text: f, required: true },
    })),
    fc
      .record({ base, long: fc.boolean(), maxLength: fc.integer({ min: 1, max: 500 }) })
      .map(({ base, long, maxLength }) => ({
        ...base,
        type: long ? ('long_text' as const) : ('short_text' as const),
        maxLength,
      })),
  );
}

const definitionArb: fc.Arbitrary<Definition> = fc
  .array(fc.record({ title: fc.option(label, { nil: undefined }), count: fc.integer({ min: 1, max: 4 }) }), {
    minLength: 1,
    maxLength: 3,
  })
  .chain((sections) => {
    let n = 0;
    return fc.tuple(
      ...sections.map((s) =>
        fc
          .tuple(...Array.from({ length: s.count }, () => questionArb(`q${n++}`)))
          .map((questions) => ({ ...(s.title ? { title: s.title } : {}), questions })),
      ),
    );
  })
  .map((sections) => definition.parse({ sections }));

const survey = (d: Definition) => ({
  code: 'NA-1',
  title: 'Needs assessment',
  version: 2,
  status: 'active' as const,
  definition: d,
});

describe('FHIR Questionnaire', () => {
  it('gives back the same survey after export and import: the seed surveys', () => {
    for (const d of [MODULE_1_NEEDS_ASSESSMENT, MODULE_2_NEEDS_ASSESSMENT]) {
      const q = toQuestionnaire(survey(d));
      expect(q.resourceType).toBe('Questionnaire');
      expect(fromQuestionnaire(JSON.parse(JSON.stringify(q)))).toEqual({
        title: 'Needs assessment',
        code: 'NA-1',
        definition: definition.parse(d),
      });
    }
  });

  it('gives back the same survey after export and import: any survey', () => {
    fc.assert(
      fc.property(definitionArb, (d) => {
        expect(fromQuestionnaire(JSON.parse(JSON.stringify(toQuestionnaire(survey(d))))).definition).toEqual(
          d,
        );
      }),
    );
  });

  it('uses FHIR’s own item types, so that other tools read it', () => {
    const q = toQuestionnaire(survey(MODULE_1_NEEDS_ASSESSMENT));
    const items = q.item[0]!.item!;
    expect(items.map((i) => i.type)).toEqual([
      'choice',
      'choice',
      'choice',
      'choice',
      'choice',
      'choice',
      'choice',
      'boolean',
      'integer',
      'integer',
      'integer',
      'boolean',
    ]);
    const accommodations = items.at(-1)!;
    expect(accommodations.item![0]).toMatchObject({
      type: 'text',
      text: 'Please Describe:',
      enableWhen: [{ question: 'accommodations', operator: '=', answerBoolean: true }],
    });
  });

  it('names the item it cannot import', () => {
    expect(() =>
      fromQuestionnaire({
        resourceType: 'Questionnaire',
        status: 'active',
        item: [{ linkId: 'g', type: 'group', item: [{ linkId: 'when', type: 'dateTime', text: 'When?' }] }],
      }),
    ).toThrow(new QuestionnaireProblem('item[0].item[0]', 'item type “dateTime” is not one Concord asks'));
    expect(() => fromQuestionnaire({ resourceType: 'Patient' } as never)).toThrow(
      /Send a FHIR Questionnaire/,
    );
  });
});
