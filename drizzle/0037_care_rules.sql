-- Two enrollments of one enrollee in one program never overlap (ends_on is the last day, inclusive; open
-- when null). Checked by the database itself, so no two requests at once can both slip past (decision 050).
ALTER TABLE care_enrollments ADD CONSTRAINT care_enrollments_no_overlap
  EXCLUDE USING gist (org_id WITH =, enrollee_id WITH =, program WITH =, daterange(effective_on, ends_on, '[]') WITH &&);
--> statement-breakpoint
-- The standard catalogue of program rules: each clock, per program, in versions with an effective period.
-- Which version applies is the one in force on the day the clock starts (decision 050).
INSERT INTO care_rules (kind, program, version, effective_from, effective_to, parameters, source) VALUES
  ('initial_assessment', 'one_care', 1, '2013-10-01', NULL, '{"days": 90, "inPersonRequired": true}',
    'One Care three-way contract: comprehensive assessment within 90 days of enrollment, including an in-person meeting'),
  ('initial_assessment', 'aco', 1, '2018-03-01', NULL, '{"days": 90, "inPersonRequired": false}',
    'MassHealth ACO contract (from the March 2018 launch): comprehensive assessment within 90 days of enrollment'),
  ('initial_assessment', 'mco', 1, '2018-03-01', NULL, '{"days": 90, "inPersonRequired": false}',
    'MassHealth MCO contract (from March 2018): comprehensive assessment within 90 days of enrollment'),
  ('reassessment', 'one_care', 1, '2013-10-01', NULL, '{"months": 12}', 'Reassessment at least every 12 months'),
  ('reassessment', 'aco', 1, '2013-10-01', NULL, '{"months": 12}', 'Reassessment at least every 12 months'),
  ('reassessment', 'mco', 1, '2013-10-01', NULL, '{"months": 12}', 'Reassessment at least every 12 months'),
  ('reassessment', 'cp', 1, '2018-06-01', NULL, '{"months": 12}',
    'Community Partner care plan reviewed and reassessed at least every 12 months'),
  ('major_change_reassessment', 'one_care', 1, '2013-10-01', NULL, '{"days": 30}',
    'Reassessment within 30 days of a major change in condition'),
  ('major_change_reassessment', 'aco', 1, '2013-10-01', NULL, '{"days": 30}',
    'Reassessment within 30 days of a major change in condition'),
  ('major_change_reassessment', 'mco', 1, '2013-10-01', NULL, '{"days": 30}',
    'Reassessment within 30 days of a major change in condition'),
  ('major_change_reassessment', 'cp', 1, '2018-06-01', NULL, '{"days": 30}',
    'Reassessment within 30 days of a major change in condition'),
  ('unreachable', 'one_care', 1, '2013-10-01', NULL,
    '{"attempts": 3, "distinctDays": true, "minModes": 2, "withinDays": 90}',
    'Unreachable after three unsuccessful attempts on different days by at least two modes within 90 days'),
  ('unreachable', 'aco', 1, '2018-03-01', NULL,
    '{"attempts": 3, "distinctDays": true, "minModes": 1, "withinDays": 90}',
    'Unreachable after three unsuccessful attempts on different days within 90 days'),
  ('unreachable', 'mco', 1, '2018-03-01', NULL,
    '{"attempts": 3, "distinctDays": true, "minModes": 1, "withinDays": 90}',
    'Unreachable after three unsuccessful attempts on different days within 90 days'),
  ('unreachable', 'cp', 1, '2018-06-01', NULL,
    '{"attempts": 3, "distinctDays": true, "minModes": 1, "withinDays": 90}',
    'Unreachable after three unsuccessful attempts on different days within 90 days'),
  ('cp_engagement', 'cp', 1, '2018-06-01', '2020-03-31', '{"days": 90}',
    'Community Partner engagement (care plan signed) within 90 days of CP enrollment'),
  ('cp_engagement', 'cp', 2, '2020-04-01', '2023-03-31', '{"days": 120}',
    'Community Partner engagement window extended to 120 days from April 2020'),
  ('cp_engagement', 'cp', 3, '2023-04-01', NULL, '{"days": 150}',
    'Community Partner engagement window of 150 days from the second CP contract period (April 2023; a stated choice)'),
  ('no_contact', 'one_care', 1, '2013-10-01', NULL, '{"days": 60}', 'An enrollee not contacted in 60 days is followed up'),
  ('no_contact', 'aco', 1, '2013-10-01', NULL, '{"days": 60}', 'An enrollee not contacted in 60 days is followed up'),
  ('no_contact', 'mco', 1, '2013-10-01', NULL, '{"days": 60}', 'An enrollee not contacted in 60 days is followed up'),
  ('no_contact', 'cp', 1, '2018-06-01', NULL, '{"days": 60}', 'An enrollee not contacted in 60 days is followed up');
