import { integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** One chat workspace (Slack team, Feishu tenant, the local console). Owns the #number counter. */
export const workspaces = pgTable(
  'workspaces',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    locale: text('locale'),
    lastTicketNumber: integer('last_ticket_number').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('workspaces_platform_external_uq').on(t.platform, t.externalId)],
);
