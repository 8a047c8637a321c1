// What the web app may ask about the signed-in person (the session's `can`): the names both sides use.
// Each one's rule is in src/capabilities.ts, asked of the domains' policies.

export const CAPABILITIES = [
  'organisation.create',
  'organisation.update',
  'organisation.updateAny',
  'organisation.manageLinks',
  'person.list',
  'person.create',
  'person.details',
  'role.manage',
  'qualification.list',
  'qualification.manage',
  'people.import',
  'catalog.read',
  'catalog.manage',
  'catalog.offer',
  'catalog.offerShared',
  'session.manage',
  'session.register',
  'completion.readOthers',
  'completion.record',
  'participation.read',
  'compliance.read',
  'compliance.manage',
  'compliance.flag.clear',
  'compliance.own',
  'surveys.manage',
  'surveys.results',
  'surveys.respond',
  'audit.read',
  'audit.readPlatform',
  'outbox.read',
  'outbox.resend',
] as const;

export type Capability = (typeof CAPABILITIES)[number];
