// What the audit trail records about, and what was done, in words: the audit log's filters and columns.
// Every audited record names one of these kinds (the audit service's input is typed by them).

export const AUDIT_RECORD_TYPE_LABELS = {
  audit_checkpoint: 'Audit checkpoint',
  audit_log: 'Audit log',
  care_appeal: 'Appeal of a service request decision',
  care_assessment: 'Assessment',
  care_caseload: 'Caseload',
  care_contact: 'Contact with an enrollee',
  care_enrollee: 'Enrollee',
  care_enrollee_roster: 'Enrollee roster',
  care_enrollment: 'Program enrollment',
  care_major_change: 'Major change',
  care_plan: 'Care plan',
  care_request_report: 'Service request report',
  care_request_update: 'Update on a service request',
  care_service_request: 'Service request',
  care_team_member: 'Care team member',
  compliance: 'Compliance',
  compliance_digest: 'Compliance digest',
  compliance_evidence_pack: 'Evidence pack',
  compliance_exemption: 'Exemption',
  compliance_flag: 'Compliance flag',
  compliance_flags: 'Compliance flags',
  compliance_requirement: 'Training requirement',
  compliance_settings: 'Compliance settings',
  compliance_status: 'Compliance status',
  database: 'Database',
  org_relationship: 'Organisation relationship',
  organisation: 'Organisation',
  outbox_message: 'E-mail',
  outbox_messages: 'E-mails',
  people: 'People',
  person: 'Person',
  person_role: 'Role',
  qualification: 'Qualification',
  service_area: 'Service area',
  stored_file: 'File',
  survey: 'Survey',
  survey_results: 'Survey results',
  training_attendance: 'Attendance',
  training_attestations: 'Attendance attestations',
  training_completion: 'Training completion',
  training_completions: 'Training completions',
  training_match_candidates: 'Attendance matches',
  training_program_year: 'Program year',
  training_registrations: 'Registrations',
  training_session: 'Training session',
  training_topic: 'Training topic',
  user: 'User account',
} as const;

export type AuditRecordType = keyof typeof AUDIT_RECORD_TYPE_LABELS;

/** A record type in words; one written by an earlier release and since renamed, as recorded. */
export const auditRecordTypeLabel = (type: string) =>
  (AUDIT_RECORD_TYPE_LABELS as Record<string, string>)[type] ?? type;
