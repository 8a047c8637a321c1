// The roles a person holds at an organisation, and their one set of names: the server's exports, its
// messages and the web app all say these words. A role is a `RoleKind`, so a misspelled role does not compile.

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

/** A role's name; a code the server does not know (an older client, a newer server) is shown as sent. */
export const roleLabel = (role: string) => ROLE_LABELS[role as RoleKind] ?? role;

/** Roles by their names, for exports: "Care coordinator; Registered nurse". */
export const roleNames = (roles: readonly string[]) => roles.map(roleLabel).join('; ');
