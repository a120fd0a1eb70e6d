export * from './inbox.ts';
export * from './oncall.ts';
export * from './releases.ts';
export * from './runtime.ts';
export * from './sla.ts';
export * from './teams.ts';
export * from './tickets.ts';
export * from './workspaces.ts';
