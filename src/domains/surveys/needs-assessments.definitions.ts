// The two needs-assessment surveys of the Care Coordinator Shared Learning series (seed 003), every question
// and answer option as the seed lists them. Where the seed notes "(Add a definition of …)", the definition
// is the question's help text; "Please describe:" after an answer is that answer's follow-up; "Other -
// Please describe:" is an option "Other" whose follow-up is "Please describe:".
import type { Definition, Question } from '@contract/surveys/definition.js';

const opts = (...labels: string[]) =>
  labels.map((label) => ({
    value: label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, ''),
    label,
  }));

const oneToTen = (
  extra: Partial<Extract<Question, { type: 'rating' }>> = {},
): Omit<Extract<Question, { type: 'rating' }>, 'key' | 'text'> => ({
  type: 'rating',
  min: 1,
  max: 10,
  anchors: [
    { value: 1, label: 'None' },
    { value: 5, label: 'Some' },
    { value: 10, label: 'All' },
  ],
  required: true,
  ...extra,
});

const describe = { text: 'Please describe:', required: false };

export const MODULE_1_NEEDS_ASSESSMENT: Definition = {
  sections: [
    {
      title: 'Module 1: Needs Assessment Survey',
      questions: [
        {
          key: 'cer_access',
          type: 'scale',
          required: true,
          text: 'Are you able to access key historical and current information for a newly enrolled or newly assigned member in the Central Enrollee Record?',
          options: opts('All of the time', 'Most of the time', 'Some of the time', 'None of the time'),
        },
        {
          key: 'helpful_information',
          type: 'multiple_choice',
          required: true,
          text: 'What previous information would be most helpful to you prior to engagement with the member?',
          options: opts(
            'Current and previous treatment both inpatient/ outpatient',
            'Current and previous medications',
            'Prior authorizations',
          ),
        },
        {
          key: 'time_to_review',
          type: 'single_choice',
          required: true,
          text: 'If current and previous information were available to you prior to the engagement, would you have time in your schedule to review?',
          options: opts('Yes', 'No', 'Depends on my Schedule', 'Rarely'),
        },
        {
          key: 'cer_ease',
          type: 'scale',
          required: false,
          text: 'If you have accessed information prior to an interaction with a member, please rate the overall ease of access in the Central Enrollee Record.',
          options: opts('Very difficult', 'Difficult', 'Neutral', 'Easy'),
        },
        {
          key: 'open_ended_familiarity',
          type: 'scale',
          required: true,
          text: 'Please rate your familiarity with the use of open-ended questions when in discussion with a member.',
          help: 'An open-ended question cannot be answered with “yes”, “no” or a single word: it invites the member to answer in their own words (“What matters most to you about your care?”, “How has your week been?”).',
          options: opts('Very familiar', 'Familiar', 'Some knowledge', 'Not familiar'),
        },
        {
          key: 'explaining_terminology',
          type: 'scale',
          required: true,
          text: 'How often do you find yourself explaining/teaching members what the ‘health care’ terminology means? (e.g., such as their care plan, Care Coordinators, denials, rights, prior authorizations, etc.)',
          options: opts('Always', 'Sometimes', 'Occasionally', 'Never'),
        },
        {
          key: 'repeat_back_familiarity',
          type: 'scale',
          required: true,
          text: 'Please rate your familiarity with the use of the repeat back technique to affirm understanding when in discussion with a member.',
          help: 'In the repeat back technique (also called teach-back), you ask the member to say in their own words what you have just explained, so that you both know it was understood.',
          options: opts('Very familiar', 'Familiar', 'Some knowledge', 'Not familiar'),
        },
        {
          key: 'sharing_technique',
          type: 'yes_no',
          required: true,
          text: 'Do you have a reliable technique for encouraging a member to share their health care problems?',
          followUp: { when: ['yes'], text: 'Please Describe:', required: false },
        },
        {
          key: 'policy_barriers',
          text: 'Please rate how much current policies/procedures at your health plan create barriers to engage members more fully.',
          ...oneToTen({
            followUp: { text: 'Please name at least two barriers you experienced', required: false },
          }),
        },
        {
          key: 'policy_opportunities',
          text: 'Please rate how much current policies/procedures at your health plan create opportunities to engage members more fully.',
          ...oneToTen({
            followUp: { text: 'Please name at least two opportunities you experienced', required: false },
          }),
        },
        {
          key: 'learning_belief',
          text: 'Please rate your belief you would learn information/skills that would enhance your current knowledge/skills to deepen engagement with a member.',
          ...oneToTen({
            help: 'Rate from 1-10 - where 10 is most definitely and 1 is no possibility',
            anchors: [
              { value: 1, label: 'No possibility' },
              { value: 10, label: 'Most definitely' },
            ],
          }),
        },
        {
          key: 'accommodations',
          type: 'yes_no',
          required: true,
          text: 'Do you require special accommodations?',
          followUp: { when: ['yes'], text: 'Please Describe:', required: true },
        },
      ],
    },
  ],
};

export const MODULE_2_NEEDS_ASSESSMENT: Definition = {
  sections: [
    {
      title: 'Module Two: Best Practices as Enrollee Internal Advocate — Needs Assessment Survey',
      questions: [
        {
          key: 'advocate_role',
          type: 'long_text',
          required: true,
          maxLength: 4000,
          text: 'In a short statement, how would you describe your role as an advocate for Enrollees?',
          help: 'Please describe:',
        },
        {
          key: 'advocate_challenges',
          type: 'long_text',
          required: true,
          maxLength: 4000,
          text: 'What are the biggest challenges you face as an advocate for Enrollees?',
          help: 'Please describe:',
        },
        {
          key: 'policy_repository',
          type: 'yes_no',
          required: true,
          text: 'Does your health plan have a repository where you can access procedures and policies (e.g., service requests, service notification process, service denials, appeal process for service)?',
        },
        {
          key: 'repository_ease',
          type: 'scale',
          required: false,
          text: 'If your health plan has a repository, how easy is it to navigate (i.e., how easy is it to find policies you are seeking)?',
          options: [
            ...opts('Very difficult', 'Difficult', 'Neutral', 'Easy'),
            { value: 'n_a', label: 'N/A' },
          ],
        },
        {
          key: 'advocacy_support',
          text: 'Please rate how effectively current policies/procedures at your health plan support Care Coordinators serving as internal advocates for assigned Enrollees.',
          ...oneToTen({ followUp: describe }),
        },
        {
          key: 'standard_vs_expedited',
          type: 'yes_no',
          required: true,
          text: 'Does your health plan policies and procedures effectively outline the differences between a standard and expedited authorization request?',
        },
        {
          key: 'update_frequency',
          type: 'single_choice',
          required: true,
          text: 'When a service is requested, how often do you communicate updates to Enrollees?',
          options: opts('Never', 'Rarely', 'Sometimes', 'All the time', 'Other'),
          followUp: { when: ['other'], ...describe },
        },
        {
          key: 'monitoring_requests',
          type: 'long_text',
          required: true,
          maxLength: 4000,
          text: 'How do you monitor pending service requests following submission to utilization management?',
          help: 'Please describe:',
        },
        {
          key: 'appeals_explained',
          text: 'Please rate how effectively current policies/procedures at your health plan explain how the internal and external appeals processes work.',
          ...oneToTen(),
        },
        {
          key: 'appeal_support',
          text: 'Please rate your understanding for how to provide support to your Enrollees when assisting them in filing an appeal and following up on the appeal for service.',
          ...oneToTen(),
        },
        {
          key: 'icp_verification',
          type: 'single_choice',
          required: true,
          text: 'How often do you verify the Individualized Care Plan (ICP) meets the Enrollee’s needs?',
          options: opts(
            'Once a month',
            'Once every 90 days',
            'Once every six months',
            'Once a year',
            'Other',
          ),
          followUp: { when: ['other'], ...describe },
        },
      ],
    },
  ],
};
