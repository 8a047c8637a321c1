CREATE TABLE "care_appeals" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"priority" text NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"filed_by" text NOT NULL,
	"received_via" text NOT NULL,
	"reason" text,
	"rule_program" "care_program" NOT NULL,
	"filing_rule_version" integer NOT NULL,
	"filing_due_on" date NOT NULL,
	"continuation_until" date NOT NULL,
	"benefits_continue" boolean NOT NULL,
	"decision_rule_version" integer NOT NULL,
	"decision_due_at" timestamp with time zone NOT NULL,
	"outcome" text,
	"decision_explanation" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"notice_sent_on" date,
	"next_level_rule_version" integer,
	"next_level_due_on" date,
	"next_level" text,
	"next_level_requested_on" date,
	"recorded_by" uuid NOT NULL,
	"recorded_for_org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_appeals_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "care_appeals_priority" CHECK ("care_appeals"."priority" IN ('standard', 'expedited')),
	CONSTRAINT "care_appeals_filed_by" CHECK ("care_appeals"."filed_by" IN ('enrollee', 'representative', 'provider')),
	CONSTRAINT "care_appeals_received_via" CHECK ("care_appeals"."received_via" IN ('phone', 'fax', 'mail', 'portal', 'email', 'in_person')),
	CONSTRAINT "care_appeals_outcome" CHECK ("care_appeals"."outcome" IN ('upheld', 'overturned', 'partly_overturned')),
	CONSTRAINT "care_appeals_next_level" CHECK ("care_appeals"."next_level" IN ('medicare_ire', 'board_of_hearings')),
	CONSTRAINT "care_appeals_decided" CHECK (("care_appeals"."outcome" IS NULL) = ("care_appeals"."decided_at" IS NULL) AND ("care_appeals"."outcome" IS NULL) = ("care_appeals"."decided_by" IS NULL)
        AND ("care_appeals"."outcome" IS NULL) = ("care_appeals"."notice_sent_on" IS NULL)),
	CONSTRAINT "care_appeals_next_level_rule" CHECK (("care_appeals"."next_level_rule_version" IS NULL) = ("care_appeals"."next_level_due_on" IS NULL)),
	CONSTRAINT "care_appeals_next_level_asked" CHECK (("care_appeals"."next_level" IS NULL) = ("care_appeals"."next_level_requested_on" IS NULL)
        AND ("care_appeals"."next_level" IS NULL OR "care_appeals"."next_level_due_on" IS NOT NULL)),
	CONSTRAINT "care_appeals_after_filing" CHECK ("care_appeals"."decided_at" IS NULL OR "care_appeals"."decided_at" >= "care_appeals"."filed_at")
);
--> statement-breakpoint
ALTER TABLE "care_appeals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "care_request_updates" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"communicated_at" timestamp with time zone NOT NULL,
	"mode" text NOT NULL,
	"communicated_to" text NOT NULL,
	"summary" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_for_org_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_request_updates_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "care_request_updates_mode" CHECK ("care_request_updates"."mode" IN ('home_visit', 'in_person', 'phone', 'video', 'email', 'letter', 'text')),
	CONSTRAINT "care_request_updates_to" CHECK ("care_request_updates"."communicated_to" IN ('enrollee', 'representative', 'provider', 'care_team'))
);
--> statement-breakpoint
ALTER TABLE "care_request_updates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "care_service_requests" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"enrollee_id" uuid NOT NULL,
	"service" text NOT NULL,
	"details" text,
	"priority" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"received_via" text NOT NULL,
	"requested_by" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_for_org_id" uuid NOT NULL,
	"rule_kind" text DEFAULT 'request_decision' NOT NULL,
	"rule_program" "care_program" NOT NULL,
	"rule_version" integer NOT NULL,
	"decision_due_at" timestamp with time zone NOT NULL,
	"decision" text,
	"denial_reason" text,
	"decision_explanation" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"notice_sent_on" date,
	"notice_file_id" uuid,
	"notice_language" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_service_requests_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "care_service_requests_priority" CHECK ("care_service_requests"."priority" IN ('standard', 'expedited')),
	CONSTRAINT "care_service_requests_received_via" CHECK ("care_service_requests"."received_via" IN ('phone', 'fax', 'mail', 'portal', 'email', 'in_person')),
	CONSTRAINT "care_service_requests_requested_by" CHECK ("care_service_requests"."requested_by" IN ('enrollee', 'representative', 'provider', 'care_team')),
	CONSTRAINT "care_service_requests_rule_kind" CHECK ("care_service_requests"."rule_kind" IN ('request_decision')),
	CONSTRAINT "care_service_requests_decision" CHECK ("care_service_requests"."decision" IN ('approved', 'partly_approved', 'denied')),
	CONSTRAINT "care_service_requests_denial_reason" CHECK ("care_service_requests"."denial_reason" IN ('not_medically_necessary', 'not_covered', 'out_of_network', 'missing_information', 'duplicate', 'not_eligible', 'experimental', 'less_costly_alternative', 'benefit_limit_reached')),
	CONSTRAINT "care_service_requests_decided" CHECK (("care_service_requests"."decision" IS NULL) = ("care_service_requests"."decided_at" IS NULL) AND ("care_service_requests"."decision" IS NULL) = ("care_service_requests"."decided_by" IS NULL)
        AND ("care_service_requests"."decision" IS NULL) = ("care_service_requests"."notice_sent_on" IS NULL)),
	CONSTRAINT "care_service_requests_reason" CHECK (("care_service_requests"."decision" IN ('denied', 'partly_approved')) = ("care_service_requests"."denial_reason" IS NOT NULL)),
	CONSTRAINT "care_service_requests_after_receipt" CHECK ("care_service_requests"."decided_at" IS NULL OR "care_service_requests"."decided_at" >= "care_service_requests"."received_at")
);
--> statement-breakpoint
ALTER TABLE "care_service_requests" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "care_appeals" ADD CONSTRAINT "care_appeals_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_appeals" ADD CONSTRAINT "care_appeals_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_appeals" ADD CONSTRAINT "care_appeals_recorded_by_people_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_appeals" ADD CONSTRAINT "care_appeals_recorded_for_org_id_organisations_id_fk" FOREIGN KEY ("recorded_for_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_appeals" ADD CONSTRAINT "care_appeals_enrollee_fk" FOREIGN KEY ("org_id","enrollee_id") REFERENCES "public"."care_enrollees"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_appeals" ADD CONSTRAINT "care_appeals_request_fk" FOREIGN KEY ("org_id","request_id") REFERENCES "public"."care_service_requests"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_request_updates" ADD CONSTRAINT "care_request_updates_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_request_updates" ADD CONSTRAINT "care_request_updates_recorded_by_people_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_request_updates" ADD CONSTRAINT "care_request_updates_recorded_for_org_id_organisations_id_fk" FOREIGN KEY ("recorded_for_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_request_updates" ADD CONSTRAINT "care_request_updates_enrollee_fk" FOREIGN KEY ("org_id","enrollee_id") REFERENCES "public"."care_enrollees"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_request_updates" ADD CONSTRAINT "care_request_updates_request_fk" FOREIGN KEY ("org_id","request_id") REFERENCES "public"."care_service_requests"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_service_requests" ADD CONSTRAINT "care_service_requests_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_service_requests" ADD CONSTRAINT "care_service_requests_recorded_by_people_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_service_requests" ADD CONSTRAINT "care_service_requests_recorded_for_org_id_organisations_id_fk" FOREIGN KEY ("recorded_for_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_service_requests" ADD CONSTRAINT "care_service_requests_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_service_requests" ADD CONSTRAINT "care_service_requests_enrollee_fk" FOREIGN KEY ("org_id","enrollee_id") REFERENCES "public"."care_enrollees"("org_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "care_appeals_request_key" ON "care_appeals" USING btree ("org_id","request_id");--> statement-breakpoint
CREATE INDEX "care_appeals_open_idx" ON "care_appeals" USING btree ("org_id","decision_due_at") WHERE "care_appeals"."decided_at" IS NULL;--> statement-breakpoint
CREATE INDEX "care_appeals_decided_idx" ON "care_appeals" USING btree ("org_id","decided_at");--> statement-breakpoint
CREATE INDEX "care_request_updates_request_idx" ON "care_request_updates" USING btree ("org_id","request_id","communicated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "care_service_requests_id_key" ON "care_service_requests" USING btree ("id");--> statement-breakpoint
CREATE INDEX "care_service_requests_enrollee_idx" ON "care_service_requests" USING btree ("org_id","enrollee_id","received_at");--> statement-breakpoint
CREATE INDEX "care_service_requests_open_idx" ON "care_service_requests" USING btree ("org_id","decision_due_at") WHERE "care_service_requests"."decided_at" IS NULL;--> statement-breakpoint
CREATE INDEX "care_service_requests_decided_idx" ON "care_service_requests" USING btree ("org_id","decided_at");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "care_appeals" AS PERMISSIVE FOR ALL TO public USING ("care_appeals"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_appeals"."enrollee_id" IN (SELECT care_enrollees_on_team())) WITH CHECK ("care_appeals"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_appeals"."enrollee_id" IN (SELECT care_enrollees_on_team()));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "care_request_updates" AS PERMISSIVE FOR ALL TO public USING ("care_request_updates"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_request_updates"."enrollee_id" IN (SELECT care_enrollees_on_team())) WITH CHECK ("care_request_updates"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_request_updates"."enrollee_id" IN (SELECT care_enrollees_on_team()));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "care_service_requests" AS PERMISSIVE FOR ALL TO public USING ("care_service_requests"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_service_requests"."enrollee_id" IN (SELECT care_enrollees_on_team())) WITH CHECK ("care_service_requests"."org_id" = ANY (string_to_array(current_setting('concord.org_ids', true), ',')::uuid[]) OR "care_service_requests"."enrollee_id" IN (SELECT care_enrollees_on_team()));