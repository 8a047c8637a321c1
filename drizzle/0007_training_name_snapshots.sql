ALTER TABLE "training_completions" ADD COLUMN "person_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "training_registrations" ADD COLUMN "person_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "training_registrations" ADD COLUMN "person_email" text DEFAULT '' NOT NULL;