// Relations the people domain publishes for other domains' set-based queries (decision 040).
import { sql } from 'drizzle-orm';

/** People's names and e-mail (one identity across organisations): id, given_name, family_name, email. */
export const personNamesView = sql`(select id, given_name, family_name, email from people)`;
