/**
 * `libaudit search`'s help text (ausearch's options) and the raw-text test
 * that rejects events before their fields are parsed.
 *
 * @module
 */
import type { SearchCriteria } from "../../interpret/search/mod.ts";

/** The help text: ausearch's options, as it spells them. */
export const SEARCH_USAGE: string =
  `usage: libaudit search [options]   (ausearch's options and output)
\t-a,--event <Audit event id>\tsearch based on audit event id
\t--arch <CPU>\t\t\tsearch based on the CPU architecture
\t-c,--comm  <Comm name>\t\tsearch based on command line name
\t--checkpoint <checkpoint file>\tsearch from last complete event
\t--debug\t\t\tWrite malformed events that are skipped to stderr
\t-e,--exit  <Exit code or errno>\tsearch based on syscall exit code
\t--escape <option>\t\tescape output (raw, tty, shell, shell_quote)
\t--eoe-timeout secs\t\tEnd of Event timeout
\t--extra-keys\t\t\tadd a final column with key information
\t--extra-labels\t\t\tadd columns of information about subject and object labels
\t--extra-obj2\t\t\tadd columns of information about a second object
\t--extra-time\t\t\tadd columns of information about broken down time
\t-f,--file  <File name>\t\tsearch based on file name
\t--format [raw|default|interpret|csv|text] results format options
\t-ga,--gid-all <all Group id>\tsearch based on All group ids
\t-ge,--gid-effective <effective Group id>  search based on Effective
\t\t\t\t\tgroup id
\t-gi,--gid <Group Id>\t\tsearch based on group id
\t-h,--help\t\t\thelp
\t-hn,--host <Host Name>\t\tsearch based on remote host name
\t-i,--interpret\t\t\tInterpret results to be human readable
\t-if,--input <Input File name>\tuse this file or directory instead of current logs
\t--input-logs\t\t\tUse the logs even if stdin is a pipe
\t--just-one\t\t\tEmit just one event
\t-k,--key  <key string>\t\tsearch based on key field
\t-l, --line-buffered\t\tFlush output on every line
\t-m,--message  <Message type>\tsearch based on message type
\t-n,--node  <Node name>\t\tsearch based on machine's name
\t-o,--object  <SE Linux Object context> search based on context of object
\t-p,--pid  <Process id>\t\tsearch based on process id
\t-pp,--ppid <Parent Process id>\tsearch based on parent process id
\t-r,--raw\t\t\toutput is completely unformatted
\t-sc,--syscall <SysCall name>\tsearch based on syscall name or number
\t-se,--context <SE Linux context> search based on either subject or
\t\t\t\t\t object
\t--session <login session id>\tsearch based on login session id
\t-su,--subject <SE Linux context> search based on context of the Subject
\t-sv,--success <Success Value>\tsearch based on syscall or event
\t\t\t\t\tsuccess value
\t-te,--end [end date] [end time]\tending date & time for search
\t-ts,--start [start date] [start time]\tstarting date & time for search
\t-tm,--terminal <TerMinal>\tsearch based on terminal
\t-ua,--uid-all <all User id>\tsearch based on All user id's
\t-ue,--uid-effective <effective User id>  search based on Effective
\t\t\t\t\tuser id
\t-ui,--uid <User Id>\t\tsearch based on user id
\t-ul,--loginuid <login id>\tsearch based on the User's Login id
\t-uu,--uuid <guest UUID>\t\tsearch for events related to the virtual
\t\t\t\t\tmachine with the given UUID.
\t-v,--version\t\t\tversion
\t-vm,--vm-name <guest name>\tsearch for events related to the virtual
\t\t\t\t\tmachine with the name.
\t-w,--word\t\t\tstring matches are whole word
\t-x,--executable <executable name>  search based on executable name`;

function hex(text: string): string {
  let out = "";
  for (const b of new TextEncoder().encode(text)) {
    out += b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/**
 * Raw-text tests that every event matching `c` passes: the `-k`, `-x` and
 * `-c` texts must each appear in some record as written or hex-encoded
 * (values with spaces or quotes are logged in hex). One global,
 * case-insensitive pattern per text (a superset is harmless: the test only
 * rejects); empty when no such test applies (e.g. `-k null`, which matches
 * `key=(null)`).
 */
export function rawNeedles(c: SearchCriteria): RegExp[] {
  const needles: RegExp[] = [];
  for (const text of [c.key, c.exe, c.comm]) {
    if (text === undefined || text === "" || "(null)".includes(text)) continue;
    const plain = text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    needles.push(new RegExp(`${plain}|${hex(text)}`, "gi"));
  }
  return needles;
}
