import type { ModuleContent } from '@contract/training/modules.schemas.js';
import { lines } from './catalog-options.js';
import type { PageDraft, QuestionDraft } from './ModuleContentFields.js';

/** A module's content as the editor's fields hold it: options one per line, the right one by its place. */
export function toDrafts(content: ModuleContent): { pages: PageDraft[]; questions: QuestionDraft[] } {
  return {
    pages: content.pages.map(({ title, body }) => ({ title, body })),
    questions: (content.questions ?? []).map((q) => ({
      prompt: q.prompt,
      options: q.options.join('\n'),
      answer: String(q.answer),
    })),
  };
}

/**
 * The editor's fields as the module's content, sent as they are: a question without its right answer
 * chosen goes with none (-1), so the server names it ("Question 2: choose the right answer").
 */
export function fromDrafts(pages: PageDraft[], questions: QuestionDraft[], showWrongAnswers: boolean) {
  return {
    pages,
    questions: questions.map((q) => ({
      prompt: q.prompt,
      options: lines(q.options),
      answer: q.answer === null ? -1 : Number(q.answer),
    })),
    showWrongAnswers,
  };
}
