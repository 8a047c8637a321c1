import { definition } from '@contract/surveys/definition.js';
import { describe, expect, it } from 'vitest';
import { type EditableQuestion, toQuestion } from '../../web/src/pages/surveys/question-form.js';

/**
 * The survey builder turns its form back into the definition the API takes. A follow-up typed but not
 * finished used to vanish there, so the survey saved without it and no one was told; now it is sent as it
 * is, and the API names the field to finish.
 */
const edited = (patch: Partial<EditableQuestion>): EditableQuestion => ({
  key: 'barriers',
  type: 'single_choice',
  text: 'Do you meet barriers to care?',
  help: '',
  required: true,
  options: 'Often\nSometimes\nNever',
  min: 1,
  max: 10,
  anchors: '',
  followUpText: '',
  followUpWhen: [],
  followUpRequired: false,
  ...patch,
});

const problems = (q: EditableQuestion) => {
  const parsed = definition.safeParse({ sections: [{ questions: [toQuestion(q)] }] });
  return parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join('.'), i.message]);
};

describe('a follow-up in the survey builder', () => {
  it('typed without the answers that ask it is kept, and refused at "Asked when the answer is"', () => {
    const q = edited({ followUpText: 'Please describe:' });
    expect(toQuestion(q)).toMatchObject({ followUp: { text: 'Please describe:', when: [] } });
    expect(problems(q)).toEqual([
      ['sections.0.questions.0.followUp.when', 'Choose the answers that ask the follow-up'],
    ]);
  });

  it('with its answers chosen but no question is refused at the follow-up question', () => {
    const q = edited({ type: 'yes_no', options: '', followUpWhen: ['yes'] });
    expect(problems(q)).toEqual([
      ['sections.0.questions.0.followUp.text', 'Write the follow-up question, or clear its fields'],
    ]);
  });

  it('whose only answer was since removed from the options is refused, not dropped', () => {
    const q = edited({ followUpText: 'Please describe:', followUpWhen: ['always'] });
    expect(problems(q)).toEqual([
      ['sections.0.questions.0.followUp.when', 'Choose the answers that ask the follow-up'],
    ]);
  });

  it('complete is saved; none begun leaves the question without one', () => {
    const q = edited({ followUpText: 'Please describe:', followUpWhen: ['often', 'sometimes'] });
    expect(problems(q)).toEqual([]);
    expect(toQuestion(q)).toMatchObject({ followUp: { when: ['often', 'sometimes'], required: false } });
    expect(toQuestion(edited({}))).not.toHaveProperty('followUp');
  });
});
