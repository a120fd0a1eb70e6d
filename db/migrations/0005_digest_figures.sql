CREATE TABLE "csat_ratings" (
	"ticket_id" bigint PRIMARY KEY NOT NULL,
	"rating" smallint NOT NULL,
	"comment" text,
	"rated_by" text NOT NULL,
	"rated_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "csat_ratings_rating_check" CHECK ("csat_ratings"."rating" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD COLUMN "first_response_ms" bigint;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD COLUMN "resolve_ms" bigint;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD COLUMN "restore_ms" bigint;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD COLUMN "first_response_over50_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD COLUMN "first_response_over100_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD COLUMN "resolve_over50_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD COLUMN "resolve_over100_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD COLUMN "restore_over50_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD COLUMN "restore_over100_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD COLUMN "first_response_met_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD COLUMN "resolve_met_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD COLUMN "restore_met_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD COLUMN "workspace_id" integer;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD COLUMN "category" text;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD COLUMN "assignee_id" text;--> statement-breakpoint
ALTER TABLE "csat_ratings" ADD CONSTRAINT "csat_ratings_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "csat_ratings_rated_idx" ON "csat_ratings" USING btree ("rated_at");--> statement-breakpoint
CREATE INDEX "sla_clocks_digest_idx" ON "sla_clocks" USING btree ("workspace_id","team","resolve_met_at","started_at","priority","category","assignee_id","first_response_met_at","first_response_due","first_response_over50_at","first_response_over100_at","first_response_ms","resolve_due","resolve_over50_at","resolve_over100_at","resolve_ms","restore_met_at","restore_due","restore_over50_at","restore_over100_at","restore_ms","ticket_id");--> statement-breakpoint
CREATE INDEX "ticket_events_digest_idx" ON "ticket_events" USING btree ("kind","at","ticket_id") WHERE kind in ('reopened', 'escalated');--> statement-breakpoint
CREATE INDEX "tickets_team_created_idx" ON "tickets" USING btree ("workspace_id","team","created_at","category","id");--> statement-breakpoint
CREATE INDEX "tickets_team_resolved_idx" ON "tickets" USING btree ("workspace_id","team","resolved_at","id");--> statement-breakpoint
-- Clocks written before this migration: the ticket fields the digest figures read, from the ticket.
-- (Durations and over-target instants are computed by the SLA module, which re-saves every clock
-- it touches; clocks of tickets closed before the upgrade keep them null and digests treat their
-- targets as unmeasured.)
UPDATE "sla_clocks" c SET
	"workspace_id" = t."workspace_id",
	"category" = t."category",
	"assignee_id" = t."assignee_id",
	"first_response_met_at" = t."first_response_at",
	"resolve_met_at" = t."resolved_at"
FROM "tickets" t WHERE t."id" = c."ticket_id" AND c."workspace_id" IS NULL;
