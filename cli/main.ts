/**
 * Subcommand dispatch for the `libaudit` command.
 *
 * @module
 */

/** A subcommand's entry: takes its arguments, returns the exit code. */
export type Subcommand = (args: string[]) => Promise<number>;

const SUBCOMMANDS: Record<string, () => Promise<Subcommand>> = {};

/** Runs the command line `args` and returns the process exit code. */
export async function runCli(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  const load = name === undefined ? undefined : SUBCOMMANDS[name];
  if (load === undefined) {
    console.error(`libaudit: unknown or missing subcommand${name ? ` '${name}'` : ""}`);
    return 2;
  }
  return await (await load())(rest);
}
