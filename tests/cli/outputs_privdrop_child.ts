/**
 * Child of the privilege-switch rotation test (outputs_file_test.ts): opens
 * a rotating file as root, switches to uid/gid 65534 for good, then writes
 * through rotations and a logrotate-style reopen; prints the stats as JSON.
 * Usage: outputs_privdrop_child.ts DIR
 */
import { FileOutput } from "../../cli/outputs/file_output.ts";
import { dropPrivileges } from "../../sys/privileges.ts";

const dir = Deno.args[0]!;
const path = `${dir}/events`;
const event = (i: number) => {
  const head = `{"n":${i},"pad":"`;
  return head + "x".repeat(50 - head.length - 3) + '"}\n';
};
const out = FileOutput.open({ path, size: 500, generations: 10, owner: 65534 });
for (let i = 1; i <= 5; i++) out.write(event(i));
await out.flush();
dropPrivileges({ uid: 65534, gid: 65534, groups: [] }, []);
for (let i = 6; i <= 40; i++) out.write(event(i));
await out.flush();
Deno.renameSync(path, `${path}.rotated-away`);
await out.reopen();
for (let i = 41; i <= 45; i++) out.write(event(i));
await out.close();
console.log(JSON.stringify({ uid: Deno.uid(), stats: out.stats() }));
