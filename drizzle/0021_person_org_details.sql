CREATE TABLE "person_org_details" (
	"org_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"phone" text,
	"title" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_org_details_org_id_person_id_pk" PRIMARY KEY("org_id","person_id")
);
--> statement-breakpoint
ALTER TABLE "person_org_details" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "people_import_rows" ALTER COLUMN "ends_on" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "person_org_details" ADD CONSTRAINT "person_org_details_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_org_details" ADD CONSTRAINT "person_org_details_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- What the organisation keeping each identity recorded becomes that organisation's own details for the person.
INSERT INTO "person_org_details" ("org_id", "person_id", "phone", "title", "created_at", "updated_at")
SELECT "home_org_id", "id", "phone", "title", "created_at", "updated_at" FROM "people"
WHERE "phone" IS NOT NULL OR "title" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "people" DROP COLUMN "phone";--> statement-breakpoint
ALTER TABLE "people" DROP COLUMN "title";--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "person_org_details" AS PERMISSIVE FOR ALL TO public USING ("person_org_details"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])) WITH CHECK ("person_org_details"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]));