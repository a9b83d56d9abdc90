/**
 * The `libaudit` command line tool.
 *
 * Each subcommand lives in `cli/commands/<name>.ts` and exports
 * `main(args: string[]): Promise<number>` returning the exit code
 * (0 success, 1 runtime error, 2 usage error).
 *
 * @module
 */
import { runCli } from "./cli/main.ts";

if (import.meta.main) {
  Deno.exit(await runCli(Deno.args));
}
