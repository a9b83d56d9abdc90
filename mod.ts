/**
 * libaudit for Deno: the Linux Audit Framework in TypeScript.
 *
 * @module
 */

export * as parse from "./parse/mod.ts";
