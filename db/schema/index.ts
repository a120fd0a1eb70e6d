export * from './inbox.ts';
export * from './tickets.ts';
export * from './workspaces.ts';
