// How every table would be placed on a Citus cluster (decision 073): distributed by organisation and
// colocated, replicated to every node as a reference table, or kept on the coordinator. A test checks the
// schema against it (test/db/distribution-plan.db.test.ts): a new table must be placed here, and no new key
// may break the rules the plan relies on.

/**
 * Small, read everywhere, joined from every organisation's rows, or read across organisations by design
 * (a vendor's sessions attended by many providers' people; a plan's requirements exempted at a provider).
 */
export const REFERENCE_TABLES = [
  'organisations',
  'org_relationships',
  'service_areas',
  'people',
  'competency_frameworks',
  'competencies',
  'care_rules',
  'compliance_requirements',
  'compliance_requirement_versions',
  'enrollment_provider_ids',
  'training_topics',
  'training_curricula',
  'training_program_years',
  'training_modules',
  'training_sessions',
] as const;

/**
 * Found by their own key before anyone's organisation is known (a session cookie, a token, an e-mail), or
 * claimed across organisations by one query (the job queue, the outbox): kept on the coordinator.
 */
export const COORDINATOR_TABLES = [
  'users',
  'sessions',
  'login_attempts',
  'user_mfa',
  'mfa_recovery_codes',
  'api_clients',
  'api_tokens',
  'jobs',
  'outbox_messages',
  // Change marks for everyone, a person everywhere or one organisation, read against a snapshot's
  // transaction ids, which are per node: they stay whole here, and the triggers on distributed tables that
  // write them are the one part of the schema to rework for Citus (decision 073).
  'compliance_changes',
] as const;

/**
 * Unique keys on distributed tables that do not include the organisation, which Citus cannot enforce across
 * shards, and what replaces each when the cluster is built. Every other unique key of a distributed table
 * includes `org_id`; the test fails on any key not listed here, so the list only shrinks.
 */
export const UNIQUE_KEYS_TO_REPLACE: Record<string, string> = {
  // `id` alone: a UUID (v7) made by Concord, unique without the index; kept unique with org_id in the PK.
  care_enrollees_id_key: 'dropped: the primary key (org_id, id) is the key; ids are UUIDs',
  care_service_requests_id_key: 'dropped: the primary key (org_id, id) is the key; ids are UUIDs',
  enrollment_assignments_id_key: 'dropped: the primary key (org_id, id) is the key; ids are UUIDs',
  enrollment_batches_id_key: 'dropped: the primary key (org_id, id) is the key; ids are UUIDs',
  enrollment_identifications_id_key: 'dropped: the primary key (org_id, id) is the key; ids are UUIDs',
  enrollment_mailings_id_key: 'dropped: the primary key (org_id, id) is the key; ids are UUIDs',
  enrollment_referrals_id_key: 'dropped: the primary key (org_id, id) is the key; ids are UUIDs',
  surveys_id_key: 'dropped: the primary key (org_id, id) is the key; ids are UUIDs',
  training_completions_id_key: 'dropped: the primary key (org_id, id) is the key; ids are UUIDs',
  // A secret or public code looked up before the organisation is known: a coordinator lookup table
  // (code or token hash → org_id), written in the same transaction, routes the lookup to one shard.
  care_plan_links_token_key: 'lookup table token_sha256 → org_id on the coordinator',
  training_completions_certificate_key: 'lookup table certificate_code → org_id on the coordinator',
  // Once per person and session (or completion), whichever organisation recorded it: the same kind of
  // coordinator lookup table, keyed as the index is, written in the same (distributed) transaction.
  training_attempts_number_key: 'lookup table (session_id, person_id, number) → org_id',
  training_attestations_person_key: 'lookup table (session_id, person_id) → org_id',
  training_completions_session_key: 'lookup table (session_id, person_id) → org_id',
  training_viewings_open_key: 'lookup table (session_id, person_id) of open viewings → org_id',
  training_xapi_deliveries_statement_key: 'lookup table (completion_id, verb) → org_id',
};

/** Queries that read more than one organisation's rows on purpose, and how Citus routes each. */
export const CROSS_ORGANISATION_READS: Record<string, string> = {
  'a care team’s organisations see its enrollees':
    'org_id = ANY(the organisations the reader may see): a multi-shard query, one task per shard',
  'the compliance status of a provider’s people for each plan':
    'statuses filtered by the plan’s and provider’s ids: multi-shard, by org_id list',
  'the platform administrator’s lists and the daily reminders':
    'scans over every shard, run by the coordinator; each organisation’s work is then routed to its shard',
  'public certificate and link checks': 'the lookup tables above, then a single-shard read',
};
