// The roles a person holds at an organisation, and their names: words shared by the server and the web app.

export const ROLE_KINDS = [
  'care_coordinator',
  'clinical_care_manager',
  'lts_coordinator',
  'pcp',
  'pcp_designee',
  'bh_clinician',
  'rn',
  'provider_staff',
  'training_admin',
  'compliance_officer',
  'enrollment_submitter',
  'org_admin',
  'auditor',
] as const;
export type RoleKind = (typeof ROLE_KINDS)[number];

export const ROLE_LABELS: Record<RoleKind, string> = {
  care_coordinator: 'Care coordinator',
  clinical_care_manager: 'Clinical care manager',
  lts_coordinator: 'LTS coordinator',
  pcp: 'Primary care provider (PCP)',
  pcp_designee: 'PCP designee',
  bh_clinician: 'Behavioral health clinician',
  rn: 'Registered nurse',
  provider_staff: 'Provider staff',
  training_admin: 'Training administrator',
  compliance_officer: 'Compliance officer',
  enrollment_submitter: 'Enrollment submitter',
  org_admin: 'Organisation administrator',
  auditor: 'Auditor',
};

export const QUALIFICATION_KINDS = ['licence', 'certification'] as const;

export const QUALIFICATION_KIND_LABELS: Record<(typeof QUALIFICATION_KINDS)[number], string> = {
  licence: 'Licence',
  certification: 'Certification',
};
