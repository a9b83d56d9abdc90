/**
 * TTY records (ausearch-parse.c `parse_tty`) read by the one copy search and
 * report share (interpret/_parse_tty.ts): a number strtoul rejects, a missing
 * `auid=` and an unclosed `comm="` end the record in both tools (search read
 * on past an overflowing `auid=`/`ses=` before: `-ua 0` matched one event too
 * many).
 */
import { compareWithOracles } from "./parse_port_oracles.ts";

const LOG = new URL("./testdata/tty_records.log", import.meta.url).pathname;

compareWithOracles(
  "TTY records",
  LOG,
  [
    ["-m", "TTY"],
    ["-p", "1234"],
    ["-ua", "1000"],
    ["-ua", "0"],
    ["-ua", "4294967295"],
    ["--session", "4294967295"],
    ["-ui", "0"],
    ["-ui", "root"],
    ["--session", "3"],
    ["-c", "bash"],
    ["-c", "zsh"],
    ["-m", "TTY", "-i"],
  ],
  [[], ["--tty"], ["--tty", "-i"], ["-au"], ["-u"], ["-p"], ["-e"], ["-x"]],
);
