import { defineErrors } from '../../platform/http/errors.js';

export const CareErrors = defineErrors({
  ENROLLEE_MASSHEALTH_TAKEN: {
    status: 409,
    message: 'Another enrollee here already has this MassHealth member ID.',
  },
  ENROLLEE_MBI_TAKEN: {
    status: 409,
    message:
      'This MBI is recorded for another enrollee here. Check the MBI, or change that enrollee’s record.',
  },
  ENROLLMENT_OVERLAP: {
    status: 409,
    message:
      'The enrollee is already enrolled for some of these dates, in this program or another of One Care, ACO and MCO (which cover a member one at a time).',
  },
  ENROLLMENT_DATES: {
    status: 422,
    message: 'An enrollment cannot take effect before the enrollee was born, nor end before it takes effect.',
  },
  TEAM_MEMBER_NOT_ELIGIBLE: {
    status: 422,
    message:
      'A care team member must hold a role at the plan or at an organisation in its network (a network contract or CP partnership) on the day they start.',
  },
  SPOC_ALREADY: {
    status: 409,
    message:
      'The enrollee already has a single point of contact. Change the single point of contact instead.',
  },
  TEAM_MEMBER_DUPLICATE: {
    status: 409,
    message:
      'This person is already on the care team in this role for some of these dates. End that membership first, or choose other dates.',
  },
  TEAM_MEMBER_ENDED: {
    status: 409,
    message:
      'This care team membership has ended; an end can only be brought earlier. Add a new membership instead.',
  },
  ROSTER_FILE_TYPE: {
    status: 400,
    message: 'Upload an .xlsx or .csv file made from the enrollee roster template.',
  },
  LTS_NOT_OFFERED: {
    status: 409,
    message: 'Record the offer of an LTS coordinator before the enrollee’s answer.',
  },
  NOT_IN_CASELOAD: {
    status: 422,
    message: 'Some of the enrollees chosen are not in this coordinator’s caseload here.',
  },
  TRANSFER_TO_SELF: {
    status: 422,
    message: 'Choose another coordinator to move the caseload to.',
  },
  INSTRUMENT_NOT_USABLE: {
    status: 422,
    message:
      'The instrument must be a published survey of the organisation that holds the enrollee’s record (the plan) that is not anonymous: its answers belong to the enrollee’s assessment.',
  },
  PLAN_LOCKED: {
    status: 409,
    message:
      'This care plan is signed and locked. Write an addendum or a new version of it instead of changing it.',
  },
  PLAN_IN_SIGN_OFF: {
    status: 409,
    message:
      'This care plan is out for signatures, so what it says cannot change. Take it back to draft first (only while nobody has signed it).',
  },
  PLAN_NOT_SENT: {
    status: 409,
    message: 'This care plan is still a draft. Send it for signatures first.',
  },
  PLAN_OPEN_ALREADY: {
    status: 409,
    message:
      'The enrollee already has a care plan being written or signed. Finish or discard that one before starting another.',
  },
  PLAN_STEP_SIGNED: {
    status: 409,
    message: 'This step of the care plan has already been signed.',
  },
  PLAN_SIGNED_ALREADY: {
    status: 409,
    message:
      'Someone has already signed this care plan, so it cannot go back to draft. Once it is signed by everyone, write an addendum or a new version.',
  },
  PLAN_NOT_SIGNED: {
    status: 409,
    message: 'This care plan has not been signed by everyone yet, so it has no signed PDF.',
  },
  PLAN_AWAITS_ENROLLEE: {
    status: 409,
    message:
      'The enrollee has not signed this care plan yet. The PCP approves it after the enrollee signs; this link will work then.',
  },
  PLAN_LINK_USED: {
    status: 410,
    message:
      'This approval link has already been used. Ask the care coordinator for a new one if you need it.',
  },
  PLAN_LINK_REVOKED: {
    status: 410,
    message:
      'This approval link no longer works: the care plan was changed or signed since it was made. Ask the care coordinator for a new one if you need it.',
  },
  PLAN_LINK_EXPIRED: {
    status: 410,
    message: 'This approval link has expired. Ask the care coordinator for a new one.',
  },
});
