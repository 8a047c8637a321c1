-- One single point of contact at a time: no two of an enrollee's single-point-of-contact memberships share a
-- day (ends_on is the last day, inclusive; open when null), whoever writes them. The partial unique index on
-- the open one stays for the service's lookup; this one stands behind ended memberships too. The enrollee
-- leads: a GiST index led by the organisation, which every row of a plan shares, reads a large part of the
-- index for one enrollee, and the planner may choose it for lookups by enrollee.
ALTER TABLE care_team_members ADD CONSTRAINT care_team_members_one_spoc_at_a_time
  EXCLUDE USING gist (enrollee_id WITH =, org_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&)
  WHERE (single_point_of_contact);
