export type { Actor, CommandContext, CommandMeta } from './command-context.ts';
export { createCommandRunner, type CommandRunner, type CommandRunnerOptions, type CommandSubscribers, type SystemActorResolver } from './command-runner.ts';
