import type { Actor } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/client.js';
import { notFound } from '../../../platform/http/errors.js';
import { trainingPolicy as policy } from '../training.policy.js';
import { findSession } from './sessions.repository.js';

/** A session the actor can see; not found otherwise, exactly as for one that does not exist. */
export async function visibleSession(db: Db, actor: Actor, id: string) {
  const row = await findSession(db, actor.personId ?? null, { id });
  if (!row) throw notFound('The session');
  return row;
}

/** A session the actor can see and runs. */
export async function managedSession(db: Db, actor: Actor, id: string) {
  const row = await visibleSession(db, actor, id);
  policy.authorize(actor, 'session.manage', row);
  return row;
}
