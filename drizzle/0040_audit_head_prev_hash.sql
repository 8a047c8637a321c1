ALTER TABLE "audit_heads" ADD COLUMN "prev_hash" text DEFAULT '0000000000000000000000000000000000000000000000000000000000000000' NOT NULL;--> statement-breakpoint
-- Each head's hash before its last row, from the chain itself.
UPDATE "audit_heads" h SET "prev_hash" = l."prev_hash" FROM "audit_log" l WHERE l."org_id" = h."org_id" AND l."seq" = h."seq";
