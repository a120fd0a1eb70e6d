import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { workspaces } from './workspaces.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** A ticket. `number` is the human id (#42), unique per workspace. */
export const tickets = pgTable(
  'tickets',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    priority: text('priority').notNull(),
    category: text('category').notNull(),
    status: text('status').notNull(),
    tier: text('tier').notNull(),
    team: text('team'),
    reporterId: text('reporter_id').notNull(),
    assigneeId: text('assignee_id'),
    source: text('source').notNull(),
    channelId: text('channel_id'),
    threadId: text('thread_id'),
    sourceMessageId: text('source_message_id'),
    /** A link to the source message (Slack permalink), shown on the card. */
    sourceUrl: text('source_url'),
    /** The inbound event that created it (a command's): replaying that event finds it again. */
    originEvent: text('origin_event'),
    resolutionNote: text('resolution_note'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    firstResponseAt: ts('first_response_at'),
    acknowledgedAt: ts('acknowledged_at'),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
  },
  (t) => [
    uniqueIndex('tickets_workspace_number_uq').on(t.workspaceId, t.number),
    index('tickets_thread_idx').on(t.workspaceId, t.channelId, t.threadId),
    // One ticket per source message and per originating delivery, enforced by the database: a
    // platform retry, a replay racing a resumed replica, or one message under two event ids
    // cannot make a second ticket.
    uniqueIndex('tickets_source_uq')
      .on(t.workspaceId, t.channelId, t.sourceMessageId)
      .where(sql`source_message_id is not null`),
    uniqueIndex('tickets_origin_uq').on(t.workspaceId, t.originEvent).where(sql`origin_event is not null`),
    index('tickets_workspace_status_idx').on(t.workspaceId, t.status),
    // Digests: tickets opened in a period, and tickets still open or resolved since a period began
    // (the trailing columns let the counts be index-only scans).
    index('tickets_team_created_idx').on(t.workspaceId, t.team, t.createdAt, t.category, t.id),
    index('tickets_team_resolved_idx').on(t.workspaceId, t.team, t.resolvedAt, t.id),
  ],
);

/** The append-only audit log: every change to a ticket, with actor and time. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id),
    at: ts('at').notNull(),
    actorId: text('actor_id').notNull(),
    kind: text('kind').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('ticket_events_ticket_idx').on(t.ticketId, t.id),
    // Digests: reopens and escalations since an instant (a small share of all events).
    index('ticket_events_digest_idx')
      .on(t.kind, t.at, t.ticketId)
      .where(sql`kind in ('reopened', 'escalated')`),
  ],
);
