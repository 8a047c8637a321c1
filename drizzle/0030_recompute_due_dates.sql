-- Due dates no longer fall before their rule started, and each explanation names the rule and version that set
-- it (decision 028): every organisation's kept statuses are recomputed, by marking everything as changed.
INSERT INTO compliance_changes (person_id, org_id, requirement_id) VALUES (NULL, NULL, NULL);
