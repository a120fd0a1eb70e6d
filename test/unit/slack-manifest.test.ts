import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ticketHandlers } from '../../handlers/index.ts';

const CREATE_TICKET_SHORTCUT = Object.keys(ticketHandlers.shortcuts)[0];

const manifest = parse(
  readFileSync(new URL('../../src/platforms/slack/manifest.yml', import.meta.url), 'utf8'),
) as {
  features: {
    slash_commands: { command: string; url: string; should_escape: boolean }[];
    shortcuts: { callback_id: string; type: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { request_url: string };
  };
};

describe('slack app manifest', () => {
  it('declares every slash command, escaped, on /slack/events', () => {
    const commands = manifest.features.slash_commands;
    expect(commands.map((c) => c.command)).toEqual([
      '/ticket',
      '/oncall',
      '/sla',
      '/report',
      '/daily',
      '/release',
    ]);
    for (const c of commands) {
      expect(c.url).toMatch(/\/slack\/events$/);
      expect(c.should_escape).toBe(true);
    }
  });

  it('declares the events, shortcut and scopes the listeners need', () => {
    expect(manifest.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/);
    expect(manifest.settings.interactivity.request_url).toMatch(/\/slack\/events$/);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining([
        'message.channels',
        'message.groups',
        'message.im',
        'reaction_added',
        'app_home_opened',
      ]),
    );
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ type: 'message', callback_id: 'create_ticket' }),
    ]);
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ type: 'message', callback_id: CREATE_TICKET_SHORTCUT }),
    ]);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining([
        'chat:write',
        'chat:write.public',
        'commands',
        'channels:history',
        'reactions:read',
        'im:write',
        // chart images: upload (files:write), then poll files.info until processed (files:read)
        'files:write',
        'files:read',
        // members' time zones and languages (users.info)
        'users:read',
      ]),
    );
  });
});
