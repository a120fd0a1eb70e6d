/**
 * The App Home tab. What it shows comes from a neutral hook main passes in (the platform may not
 * import the domain): a list of messages and cards, stacked into one `home` view per user.
 */
import type { OutgoingMessage } from '../../core/message.ts';
import type { SlackMessenger } from './messenger.ts';
import { stackBlocks } from './render.ts';

/**
 * Content of one user's home: their open tickets and the team's tickets near or past SLA.
 * `workspaceId` is the Slack team id, `userId` the Slack user id.
 */
export type AppHomeFn = (who: { workspaceId: string; userId: string }) => Promise<OutgoingMessage[]>;

/** Renders and publishes a user's home; a no-op when main supplied no content hook. */
export async function publishHome(
  appHome: AppHomeFn | undefined,
  messenger: SlackMessenger,
  who: { workspaceId: string; userId: string },
): Promise<void> {
  if (!appHome) return;
  const messages = await appHome(who);
  await messenger.publishHome(who.userId, stackBlocks(messages));
}
