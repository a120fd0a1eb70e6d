CREATE TABLE "deliveries" (
	"platform" text NOT NULL,
	"key" text NOT NULL,
	"body" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "deliveries_platform_key_pk" PRIMARY KEY("platform","key")
);
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "origin_event" text;--> statement-breakpoint
CREATE INDEX "deliveries_lease_idx" ON "deliveries" USING btree ("platform","lease_until");--> statement-breakpoint
CREATE INDEX "tickets_origin_idx" ON "tickets" USING btree ("workspace_id","origin_event");