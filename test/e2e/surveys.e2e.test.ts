import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import type { TestContext } from '../support/app.js';
import { expectAccessible, signIn, startDemo } from './browser.js';

let t: TestContext;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  ({ t, baseUrl, browser } = await startDemo({ seed: 11 }));
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signedIn(email: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signIn(page, baseUrl, email, DEMO_PASSWORD);
  return page;
}

describe('surveys in the browser', () => {
  it('a care coordinator answers the Module 1 needs assessment on a phone; the vendor sees the counts with small groups withheld', async () => {
    const maria = await signedIn('maria.santos@bostoncommunityhealth.example', { width: 375, height: 780 });
    await maria.goto(`${baseUrl}/surveys`);
    await maria.getByRole('link', { name: /^Answer: Module 1 needs assessment/ }).click();
    await maria.getByRole('heading', { name: 'Module 1 needs assessment', level: 2 }).waitFor();
    const group = (name: RegExp) => maria.getByRole('radiogroup', { name });

    await group(/Central Enrollee Record\?/)
      .getByRole('radio', { name: 'Most of the time' })
      .check();
    await maria.getByRole('button', { name: 'Save and finish later' }).click();
    await maria.getByText(/^Saved: come back/).waitFor();
    await maria.reload();
    await expect
      .poll(() =>
        group(/Central Enrollee Record\?/)
          .getByRole('radio', { name: 'Most of the time' })
          .isChecked(),
      )
      .toBe(true);

    await maria.getByRole('button', { name: 'Submit my answers' }).click();
    await maria.getByText('Correct the fields marked below.').waitFor();
    await expectAccessible(maria, 'the survey with answers missing, on a narrow screen');

    await maria.getByRole('checkbox', { name: 'Prior authorizations' }).check();
    await group(/time in your schedule/)
      .getByRole('radio', { name: 'Depends on my Schedule' })
      .check();
    await group(/open-ended questions/)
      .getByRole('radio', { name: 'Familiar', exact: true })
      .check();
    await group(/health care’ terminology/)
      .getByRole('radio', { name: 'Sometimes' })
      .check();
    await group(/repeat back technique/)
      .getByRole('radio', { name: 'Some knowledge' })
      .check();
    await group(/reliable technique/)
      .getByRole('radio', { name: 'Yes' })
      .check();
    // The follow-up appears only for “Yes”.
    await maria.getByRole('textbox', { name: 'Please Describe:' }).fill('I ask what a good day looks like');
    await group(/create barriers/)
      .getByRole('radio', { name: '7' })
      .check();
    await group(/create opportunities/)
      .getByRole('radio', { name: '5 – Some' })
      .check();
    await group(/belief you would learn/)
      .getByRole('radio', { name: '10 – Most definitely' })
      .check();
    await group(/special accommodations/)
      .getByRole('radio', { name: 'No' })
      .check();
    await expectAccessible(maria, 'the survey filled in, on a narrow screen');
    await maria.getByRole('button', { name: 'Submit my answers' }).click();
    await maria.getByText('Your answers are in. They are kept without your name.').waitFor();
    await maria.goto(`${baseUrl}/surveys`);
    await maria.getByText('Answered').first().waitFor();

    const vendor = await signedIn('training@onecare-learning.example');
    await vendor.goto(`${baseUrl}/surveys`);
    await vendor.getByRole('link', { name: 'Results of Module 1 needs assessment' }).click();
    await vendor.getByRole('heading', { name: 'Survey results', level: 2 }).waitFor();
    await vendor.getByRole('radio', { name: 'Plan' }).focus();
    await vendor.keyboard.press('ArrowRight'); // Organisation: some are small
    await vendor.getByText('Some groups are not shown').waitFor();
    const table = vendor.getByRole('table', { name: /answered/ }).first();
    await expect.poll(() => table.getByRole('row').count()).toBeGreaterThan(2);
    await vendor.getByRole('table', { name: /Who took part/ }).waitFor();
    // Module 1's evaluation asks two of these questions again: before and after, side by side.
    await vendor.getByRole('heading', { name: 'Before and after', level: 3 }).waitFor();
    await vendor
      .getByRole('table', { name: /familiarity with the use of open-ended questions/ })
      .first()
      .waitFor();
    await expectAccessible(vendor, 'the survey results by organisation');

    // A plan's compliance officer reads the same survey for their plan only.
    const plan = await signedIn('compliance@baystateonecare.example');
    await plan.goto(`${baseUrl}/surveys`);
    await plan
      .getByRole('link', {
        name: /^Module 1 needs assessment \(One Care Shared Learning\): results for your plan/,
      })
      .click();
    await plan.getByText('Every plan together, and your plan beside it').waitFor();
    await plan
      .getByRole('table', { name: /answered/ })
      .first()
      .waitFor();
    await expectAccessible(plan, 'a vendor survey’s results for one plan');
  });

  it('the vendor builds a survey with a follow-up on one answer; a coordinator sees it only on that answer; one answer is too few to show', async () => {
    const vendor = await signedIn('training@onecare-learning.example');
    await vendor.goto(`${baseUrl}/surveys`);
    await vendor.getByRole('link', { name: 'Build a survey' }).click();
    await vendor.getByRole('heading', { name: 'Build a survey', level: 2 }).waitFor();
    await vendor.getByRole('textbox', { name: 'Code' }).fill('M1-FEEDBACK');
    await vendor.getByRole('textbox', { name: 'Title', exact: true }).fill('Module 1 session feedback');
    await vendor
      .getByRole('textbox', { name: 'Question 1', exact: true })
      .fill('How useful was the session?');
    await vendor
      .getByRole('textbox', { name: 'Answers offered' })
      .fill('Very useful\nSomewhat useful\nNot useful');
    await vendor.getByRole('textbox', { name: 'Follow-up question' }).fill('What was missing?');
    await vendor.getByRole('combobox', { name: 'Asked when the answer is' }).focus();
    await vendor.keyboard.press('ArrowDown');
    await vendor.getByRole('option', { name: 'Not useful' }).click();
    await vendor.keyboard.press('Escape');
    // A second question goes above the first and back again, then is removed.
    await vendor.getByRole('button', { name: 'Add a question' }).click();
    await vendor.getByRole('textbox', { name: 'Question 2', exact: true }).fill('Anything else?');
    await vendor.getByRole('button', { name: 'Move question 2 up' }).click();
    await expect
      .poll(() => vendor.getByRole('textbox', { name: 'Question 1', exact: true }).inputValue())
      .toBe('Anything else?');
    await vendor.getByRole('button', { name: 'Move question 1 down' }).click();
    await expect
      .poll(() => vendor.getByRole('textbox', { name: 'Question 2', exact: true }).inputValue())
      .toBe('Anything else?');
    await expectAccessible(vendor, 'the survey builder');
    await vendor.getByRole('button', { name: 'Remove question 2' }).click();
    // Not yet said whom it is for: it is not opened to anyone, and the form says what to choose.
    await vendor.getByRole('button', { name: 'Save and publish' }).click();
    await vendor.getByText('Choose who this survey is for: roles, organisations').waitFor();
    await vendor.getByRole('combobox', { name: 'Addressed to' }).focus();
    await vendor.keyboard.press('ArrowDown');
    await vendor.getByRole('option', { name: 'Care coordinator', exact: true }).click();
    await vendor.keyboard.press('Escape');
    await vendor.getByRole('button', { name: 'Save and publish' }).click();
    await vendor.getByText('Published as version 1').waitFor();

    const maria = await signedIn('maria.santos@bostoncommunityhealth.example', { width: 375, height: 780 });
    await maria.goto(`${baseUrl}/surveys`);
    await maria.getByRole('link', { name: /^Answer: Module 1 session feedback/ }).click();
    const useful = maria.getByRole('radiogroup', { name: /How useful/ });
    await useful.getByRole('radio', { name: 'Somewhat useful' }).check();
    await expect.poll(() => maria.getByRole('textbox', { name: 'What was missing?' }).count()).toBe(0);
    await useful.getByRole('radio', { name: 'Not useful' }).check();
    await maria.getByRole('textbox', { name: 'What was missing?' }).fill('Examples from our own plan');
    await maria.getByRole('button', { name: 'Submit my answers' }).click();
    await maria.getByText('Your answers are in.').waitFor();

    await vendor.goto(`${baseUrl}/surveys`);
    await vendor.getByRole('link', { name: 'Results of Module 1 session feedback' }).click();
    await vendor.getByText('Fewer than five people have answered this version').waitFor();
    await expectAccessible(vendor, 'results withheld for too few answers');
  });
});
