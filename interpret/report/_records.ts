/**
 * The records of open events as places in the text they were read from
 * (type, start and end in a run of text, line number) in growable typed
 * arrays, each event's records a linked list, instead of one object and one
 * string per record: an event waits for its end (up to `eoe_timeout`
 * seconds of later events) without making objects for the collector to copy
 * while it waits. The record text is cut out when the event is read.
 *
 * @module
 */

/** No record (the end of a list). */
export const NO_RECORD = -1;

/** Records kept as places in their text, with a free list. */
export class RecordStore {
  #type = new Int32Array(256);
  #start = new Int32Array(256);
  #end = new Int32Array(256);
  #next = new Int32Array(256);
  #line = new Float64Array(256);
  /** 1 when the record's text may hold a 0x1d (ENRICHED) separator. */
  #enriched = new Uint8Array(256);
  #text: string[] = [];
  #file: string[] = [];
  /** Records in use or freed (the next new index). */
  #used = 0;
  #free = NO_RECORD;

  #grow(): void {
    const n = this.#type.length * 2;
    const grow = <T extends Int32Array | Float64Array | Uint8Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.#type = grow(this.#type, new Int32Array(n));
    this.#start = grow(this.#start, new Int32Array(n));
    this.#end = grow(this.#end, new Int32Array(n));
    this.#next = grow(this.#next, new Int32Array(n));
    this.#line = grow(this.#line, new Float64Array(n));
    this.#enriched = grow(this.#enriched, new Uint8Array(n));
  }

  /**
   * Keeps the record `text[start..end)` of `type` (line `line` of `file`;
   * `enriched`: the text may hold 0x1d) and returns its index.
   */
  add(
    type: number,
    text: string,
    start: number,
    end: number,
    enriched: boolean,
    file: string,
    line: number,
  ): number {
    let i = this.#free;
    if (i !== NO_RECORD) this.#free = this.#next[i]!;
    else {
      i = this.#used++;
      if (i === this.#type.length) this.#grow();
    }
    this.#type[i] = type;
    this.#start[i] = start;
    this.#end[i] = end;
    this.#next[i] = NO_RECORD;
    this.#line[i] = line;
    this.#enriched[i] = enriched ? 1 : 0;
    if (i === this.#text.length) {
      this.#text.push(text);
      this.#file.push(file);
    } else {
      this.#text[i] = text;
      this.#file[i] = file;
    }
    return i;
  }

  /** Makes record `i` follow record `prev` in its event. */
  link(prev: number, i: number): void {
    this.#next[prev] = i;
  }

  /** The record after `i` in its event, or {@linkcode NO_RECORD}. */
  next(i: number): number {
    return this.#next[i]!;
  }

  /** Record `i`'s type. */
  type(i: number): number {
    return this.#type[i]!;
  }

  /** Record `i`'s file. */
  file(i: number): string {
    return this.#file[i]!;
  }

  /** Record `i`'s line number. */
  line(i: number): number {
    return this.#line[i]!;
  }

  /** Record `i`'s line, with its enriched part. */
  #whole(i: number): string {
    const text = this.#text[i]!;
    const start = this.#start[i]!;
    const end = this.#end[i]!;
    return start === 0 && end === text.length ? text : text.slice(start, end);
  }

  /** Record `i`'s text without its enriched part. */
  message(i: number): string {
    const line = this.#whole(i);
    if (this.#enriched[i] === 0) return line;
    const sep = line.indexOf("\x1d");
    return sep === -1 ? line : line.slice(0, sep);
  }

  /** Record `i`'s enriched part (after the 0x1d separator), when it has one. */
  interp(i: number): string | undefined {
    if (this.#enriched[i] === 0) return undefined;
    const line = this.#whole(i);
    const sep = line.indexOf("\x1d");
    return sep === -1 ? undefined : line.slice(sep + 1);
  }

  /** Frees the records of the list starting at `head` (their text is let go). */
  release(head: number): void {
    let i = head;
    while (i !== NO_RECORD) {
      const next = this.#next[i]!;
      this.#text[i] = "";
      this.#next[i] = this.#free;
      this.#free = i;
      i = next;
    }
  }
}
