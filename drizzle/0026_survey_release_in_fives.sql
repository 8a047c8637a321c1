CREATE SEQUENCE "public"."survey_submissions_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
ALTER TABLE "survey_participants" ADD COLUMN "submitted_seq" bigint;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD COLUMN "seq" bigint DEFAULT nextval('survey_submissions_seq') NOT NULL;