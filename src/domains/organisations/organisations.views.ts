// Relations the organisations domain publishes for other domains' set-based queries (decision 040).
import { sql } from 'drizzle-orm';

/** Organisations' names, for a reader that shows who runs or recorded something: id, name. */
export const organisationNamesView = sql`(select id, name from organisations)`;
