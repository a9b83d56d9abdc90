/**
 * The `libaudit` command as one JavaScript file (`deno task bundle`): the
 * same as `cli.ts`, with every lazily loaded module (`cli/_lazy.ts`)
 * imported here, so that the bundler puts them in.
 *
 * @module
 */
import { runCli } from "./cli/main.ts";
import { provideModules } from "./cli/_lazy.ts";
import * as parse from "./cli/commands/parse.ts";
import * as plugin from "./cli/commands/plugin.ts";
import * as report from "./cli/commands/report.ts";
import * as rules from "./cli/commands/rules.ts";
import * as search from "./cli/commands/search.ts";
import * as search_interpret from "./cli/commands/search_interpret.ts";
import * as search_normalize from "./cli/commands/search_normalize.ts";
import * as set from "./cli/commands/set.ts";
import * as status from "./cli/commands/status.ts";
import * as stream from "./cli/commands/stream.ts";

provideModules({
  parse,
  plugin,
  report,
  rules,
  search,
  search_interpret,
  search_normalize,
  set,
  status,
  stream,
});

if (import.meta.main) {
  Deno.exit(await runCli(Deno.args));
}
