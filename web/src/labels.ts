export const ORG_KIND_LABELS: Record<string, string> = {
  plan: 'One Care plan',
  aco: 'ACO',
  mco: 'MCO',
  cp_bh: 'Community Partner (BH)',
  cp_ltss: 'Community Partner (LTSS)',
  provider: 'Provider organisation',
  training_vendor: 'Training vendor',
  state_agency: 'State agency',
};

export const ROLE_LABELS: Record<string, string> = {
  care_coordinator: 'Care coordinator',
  clinical_care_manager: 'Clinical care manager',
  lts_coordinator: 'LTS coordinator',
  pcp: 'PCP',
  pcp_designee: 'PCP designee',
  bh_clinician: 'BH clinician',
  rn: 'RN',
  provider_staff: 'Provider staff',
  training_admin: 'Training admin',
  compliance_officer: 'Compliance officer',
  enrollment_submitter: 'Enrollment submitter',
  org_admin: 'Org admin',
  auditor: 'Auditor',
};

export const RELATIONSHIP_LABELS: Record<string, string> = {
  network_contract: 'Network contract',
  cp_partnership: 'CP partnership',
  training_agreement: 'Training agreement',
};

export const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));
