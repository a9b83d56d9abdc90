/** aureport's TTY `data=` rendering shares auparse's print_tty_data and key table. */
import assert from "node:assert/strict";
import { printTtyData } from "../../interpret/auparse/_tty.ts";

Deno.test("tty data: named keys from auparse's table, printable runs quoted", () => {
  assert.equal(printTtyData("6C730D", true), '"ls",<ret>');
  assert.equal(printTtyData("1B5B41", true), "<up>");
});

Deno.test("tty data: undecodable hex is aureport's conversion error, auparse's empty text", () => {
  assert.equal(printTtyData("a", true), "conversion error(a)");
  assert.equal(printTtyData("a"), "");
  assert.equal(printTtyData("not hex", true), "not hex");
});
