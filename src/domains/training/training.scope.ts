import { type Actor, activeOrgOf, scopeOf } from '../../platform/auth/actor.js';
import type { Database, Db } from '../../platform/db/client.js';
import { withReadScope, withScope } from '../../platform/db/scope.js';
import { AppError } from '../../platform/http/errors.js';
import { TrainingErrors } from './training.errors.js';

/** How the training services reach the database for an actor, and what they require of one. */
export function trainingScope(database: Database) {
  return {
    orgOf(actor: Actor) {
      return activeOrgOf(actor);
    },
    requirePerson(actor: Actor) {
      if (!actor.personId) throw new AppError(TrainingErrors.NOT_A_PERSON);
      return actor.personId;
    },
    scoped: <T>(actor: Actor, work: (tx: Db) => Promise<T>) => withScope(database, scopeOf(actor), work),
    reading: <T>(actor: Actor, work: (db: Db) => Promise<T>) => withReadScope(database, scopeOf(actor), work),
  };
}
