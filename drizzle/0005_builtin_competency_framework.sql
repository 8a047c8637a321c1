-- The built-in competency framework: the Care Management Body of Knowledge (CMBOK) aligned core
-- competencies that care coordination training maps to. Frameworks are data; this one ships with Concord.
INSERT INTO "competency_frameworks" ("id", "org_id", "code", "name", "source")
VALUES ('6d1f4a52-0c1e-4b8a-9f00-00000000c0b0', NULL, 'CMBOK-CC', 'Care coordination core competencies (CMBOK-aligned)', 'https://ccmcertification.org/');
--> statement-breakpoint
INSERT INTO "competencies" ("framework_id", "code", "text", "position") VALUES
('6d1f4a52-0c1e-4b8a-9f00-00000000c0b0', 'a', 'Establishing tools and resources to engage with various populations', 1),
('6d1f4a52-0c1e-4b8a-9f00-00000000c0b0', 'b', 'Communication/sharing knowledge in a person-centered manner', 2),
('6d1f4a52-0c1e-4b8a-9f00-00000000c0b0', 'c', 'Helping with transitions of care', 3),
('6d1f4a52-0c1e-4b8a-9f00-00000000c0b0', 'd', 'Assessing beneficiary needs and goals', 4),
('6d1f4a52-0c1e-4b8a-9f00-00000000c0b0', 'e', 'Creating a proactive shared care plan in concert with the patient and family, if appropriate', 5),
('6d1f4a52-0c1e-4b8a-9f00-00000000c0b0', 'f', 'Monitoring and follow-up, including responding to changes in patient needs', 6),
('6d1f4a52-0c1e-4b8a-9f00-00000000c0b0', 'g', 'Supporting self-management goals', 7),
('6d1f4a52-0c1e-4b8a-9f00-00000000c0b0', 'h', 'Linking to community resources', 8),
('6d1f4a52-0c1e-4b8a-9f00-00000000c0b0', 'i', 'Working to align resources with patient and population needs', 9),
('6d1f4a52-0c1e-4b8a-9f00-00000000c0b0', 'j', 'Working in a shared communication software platform for care coordination', 10);
