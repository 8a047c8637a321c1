ALTER TABLE "training_topics" ADD COLUMN "ce_hours" numeric(5, 2);--> statement-breakpoint
ALTER TABLE "training_topics" ADD COLUMN "ce_accreditor" text;