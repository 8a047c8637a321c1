import { forbidden } from '../http/errors.js';
import type { Actor } from './actor.js';

/**
 * A declarative policy: for each action, a rule that says whether the actor may do it to the resource.
 * An action with no rule is denied, so an empty policy denies everything.
 */
export type Rule<R> = (actor: Actor, resource: R) => boolean;

export function definePolicy<Rules extends Record<string, Rule<never>>>(rules: Rules) {
  return {
    can<A extends keyof Rules & string>(
      actor: Actor,
      action: A,
      resource?: Parameters<Rules[A]>[1],
    ): boolean {
      const rule = rules[action] as Rule<unknown> | undefined;
      return rule ? rule(actor, resource) : false;
    },
    /** Throws FORBIDDEN unless the actor may. */
    authorize<A extends keyof Rules & string>(
      actor: Actor,
      action: A,
      resource?: Parameters<Rules[A]>[1],
    ): void {
      if (!this.can(actor, action, resource)) throw forbidden();
    },
  };
}
