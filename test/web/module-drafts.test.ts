import { moduleContent } from '@contract/training/modules.schemas.js';
import { describe, expect, it } from 'vitest';
import { fromDrafts, toDrafts } from '../../web/src/pages/training/module-drafts.js';

/** The module editor opens a module's content in its fields and sends back what they hold. */
const CONTENT = {
  pages: [{ title: 'Recovery', body: 'Recovery is a process.' }],
  questions: [{ prompt: 'Is recovery an event?', options: ['Yes', 'No'], answer: 1 }],
  showWrongAnswers: false,
};

describe('the module editor’s fields', () => {
  it('give back the content they were opened with', () => {
    const { pages, questions } = toDrafts(CONTENT);
    expect(questions).toEqual([{ prompt: 'Is recovery an event?', options: 'Yes\nNo', answer: '1' }]);
    expect(fromDrafts(pages, questions, false)).toEqual(CONTENT);
  });

  it('send a question whose right answer is not chosen, so the server names it', () => {
    const { pages } = toDrafts(CONTENT);
    const sent = fromDrafts(
      pages,
      [{ prompt: 'Who leads?', options: ' The person \n\nThe plan', answer: null }],
      true,
    );
    expect(sent.questions).toEqual([
      { prompt: 'Who leads?', options: ['The person', 'The plan'], answer: -1 },
    ]);
    const parsed = moduleContent.safeParse(sent);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => i.message)).toEqual([
      'Question 1: choose the right answer',
    ]);
  });
});
