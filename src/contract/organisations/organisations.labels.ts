// Kinds of organisation and of relationship between them, and their names: words shared by the server (its
// exports) and the web app.

export const ORGANISATION_KINDS = [
  'plan',
  'aco',
  'mco',
  'cp_bh',
  'cp_ltss',
  'provider',
  'training_vendor',
  'state_agency',
] as const;

export const ORGANISATION_KIND_LABELS: Record<(typeof ORGANISATION_KINDS)[number], string> = {
  plan: 'One Care plan',
  aco: 'Accountable Care Organization',
  mco: 'Managed Care Organization',
  cp_bh: 'Community Partner (behavioral health)',
  cp_ltss: 'Community Partner (LTSS)',
  provider: 'Provider organisation',
  training_vendor: 'Training vendor',
  state_agency: 'State agency',
};

export const RELATIONSHIP_KINDS = ['network_contract', 'cp_partnership', 'training_agreement'] as const;

export const RELATIONSHIP_LABELS: Record<(typeof RELATIONSHIP_KINDS)[number], string> = {
  network_contract: 'Network contract',
  cp_partnership: 'CP partnership',
  training_agreement: 'Training agreement',
};
