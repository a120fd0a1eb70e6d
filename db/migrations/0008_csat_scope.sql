DROP INDEX "csat_ratings_rated_idx";--> statement-breakpoint
ALTER TABLE "csat_ratings" ADD COLUMN "workspace_id" integer;--> statement-breakpoint
ALTER TABLE "csat_ratings" ADD COLUMN "team" text;--> statement-breakpoint
CREATE INDEX "csat_ratings_scope_idx" ON "csat_ratings" USING btree ("workspace_id","team","rated_at","rating");--> statement-breakpoint
-- Ratings given before this migration: the ticket's workspace and team (a ticket's team never changes).
UPDATE "csat_ratings" r SET "workspace_id" = t."workspace_id", "team" = t."team"
FROM "tickets" t WHERE t."id" = r."ticket_id" AND r."workspace_id" IS NULL;
