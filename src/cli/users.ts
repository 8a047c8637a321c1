import { massachusettsToday } from '@contract/massachusetts-day.js';
import { normaliseEmail } from '@contract/text/identifiers.js';
import {
  findPersonByEmail,
  insertPerson,
  insertRole,
  ROLE_KINDS,
  type RoleKind,
} from '../domains/people/index.js';
import type { Db } from '../platform/db/client.js';
import { organisationByCode } from './commands.js';
import type { Runtime } from './runtime.js';
import { UsageError } from './usage-error.js';

export async function createUser(
  rt: Runtime,
  o: {
    email?: string;
    givenName?: string;
    familyName?: string;
    org?: string;
    role?: string;
    systemAdmin?: boolean;
  },
) {
  const password = rt.config.newUserPassword;
  if (!o.email || !o.givenName || !o.familyName || !o.org)
    throw new UsageError('user create needs --email, --given-name, --family-name and --org');
  if (!password)
    throw new UsageError(
      'Set the new password in the CONCORD_PASSWORD environment variable (12 characters or more).',
    );
  const email = normaliseEmail(o.email);
  if (email.problem) throw new UsageError(`--email: ${email.problem}.`);
  const role = (o.role ?? 'org_admin') as RoleKind;
  if (!ROLE_KINDS.includes(role)) throw new UsageError(`--role must be one of: ${ROLE_KINDS.join(', ')}`);
  const db = rt.database.system;
  const org = await organisationByCode(rt, o.org);
  const user = await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const person =
      (await findPersonByEmail(t, email.value)) ??
      (await insertPerson(t, {
        homeOrgId: org.id,
        givenName: o.givenName!,
        familyName: o.familyName!,
        email: email.value,
      }));
    await insertRole(t, {
      orgId: org.id,
      personId: person.id,
      role,
      startsOn: massachusettsToday(),
    });
    return person;
  });
  const account = await rt.services.auth.createUser({
    personId: user.id,
    email: email.value,
    password,
    isSystemAdmin: o.systemAdmin ?? false,
  });
  process.stdout.write(
    `Created ${account.email}${o.systemAdmin ? ' (system administrator)' : ''}, ${role} at ${org.name}.\n`,
  );
}
