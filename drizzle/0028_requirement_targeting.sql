ALTER TYPE "public"."requirement_trigger" ADD VALUE 'team_start';--> statement-breakpoint
ALTER TABLE "compliance_requirements" ADD COLUMN "qualification_names" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "compliance_requirements" ADD COLUMN "organisation_kinds" "organisation_kind"[] DEFAULT '{}'::organisation_kind[] NOT NULL;--> statement-breakpoint
ALTER TABLE "compliance_requirements" ADD COLUMN "organisation_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "compliance_requirements" ADD COLUMN "programs" text[] DEFAULT '{}'::text[] NOT NULL;