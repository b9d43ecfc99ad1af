import { Transform, type TransformCallback } from 'node:stream';

/** The largest message body accepted (a 10,000,000-unit document, escaped, fits with room). */
export const maxBodyBytes = 256 * 1024 * 1024;

/** A header block longer than this is not a header: resynchronise instead of buffering it. */
const maxHeaderBytes = 4096;

const headerName = 'content-length:';

/** Bytes that start the next frame. Matched without case, as vscode-jsonrpc reads header names. */
const headerStart = /content-length:/gi;

/**
 * A complete header line of the next frame. Inside a valid JSON body this can never appear: a JSON
 * string holds no raw CR or LF, and outside strings the words are not JSON. So where it shows up
 * within the bytes a Content-Length claimed, that Content-Length was wrong.
 */
const headerLine = /content-length:[ \t]*\d+\r\n/gi;

/** Bytes searched again before new input, so that a header line split between chunks is found. */
const overlap = 64;

function containsHeaderLine(bytes: Buffer): boolean {
  headerLine.lastIndex = 0;
  return headerLine.test(bytes.toString('latin1'));
}

/** The length of the longest end of `text` that is the start of `content-length:` (it may be completed). */
function partialHeaderLength(text: string): number {
  const lower = text.slice(-headerName.length).toLowerCase();
  for (let length = Math.min(lower.length, headerName.length - 1); length > 0; length--) if (headerName.startsWith(lower.slice(lower.length - length))) return length;
  return 0;
}

/** A header line: an HTTP token, a colon, printable ASCII. */
const headerLinePattern = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+:[ \t]*[\x20-\x7e]*$/;

/**
 * Checks and re-frames the bytes a client writes on standard input before vscode-jsonrpc reads them.
 * vscode-jsonrpc's StreamMessageReader reports a bad Content-Length (non-numeric, too short, too long,
 * negative) as an error but keeps its state: a length that is too long swallows every later message,
 * and a short or missing one leaves the rest of the body to be read as the next header, so the server
 * stays alive but answers nothing more. Here every frame is checked (header lines, a Content-Length
 * of digits up to {@link maxBodyBytes}, a body that parses as JSON) and anything else is dropped up
 * to the next `Content-Length:` header, reported with one line through `report`. Only well-formed
 * frames reach the reader, re-framed with their exact length.
 */
export class FrameResynchronizer {
  /** Unread input, in the chunks it came in (joined only when a frame is complete or broken). */
  private parts: Buffer[] = [];
  private partsLength = 0;
  private buffer: Buffer = Buffer.alloc(0);
  /** The body length of the frame whose header was read, or -1 while reading a header. */
  private bodyLength = -1;
  /** Bytes of the pending body already searched for a header (see {@link headerLine}). */
  private searchedTo = 0;

  /** The frames completed by the last chunk. */
  private frames: Buffer[] = [];

  constructor(private readonly report: (message: string) => void) {}

  /** Takes the next chunk of input; returns the well-formed frames it completes, re-framed. */
  feed(chunk: Buffer): Buffer[] {
    this.frames = [];
    const previousTail = this.lastBytes(overlap);
    this.parts.push(chunk);
    this.partsLength += chunk.length;
    // Inside a long body, join nothing until it is complete or a header shows up in the new bytes:
    // a large message in many chunks then costs linear time.
    if (this.bodyLength >= 0 && this.partsLength < this.bodyLength && !containsHeaderLine(Buffer.concat([previousTail, chunk]))) {
      this.searchedTo = this.partsLength;
      return [];
    }
    this.buffer = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.drain();
    this.parts = this.buffer.length > 0 ? [this.buffer] : [];
    this.partsLength = this.buffer.length;
    return this.frames;
  }

  private lastBytes(count: number): Buffer {
    const last = this.parts[this.parts.length - 1];
    if (!last) return Buffer.alloc(0);
    return last.length >= count || this.parts.length === 1 ? last.subarray(Math.max(0, last.length - count)) : Buffer.concat(this.parts).subarray(Math.max(0, this.partsLength - count));
  }

  /** Emits every complete frame in the buffer; stops when more bytes are needed. */
  private drain(): void {
    for (;;) {
      const progressed = this.bodyLength < 0 ? this.readHeader() : this.readBody();
      if (!progressed) return;
    }
  }

  /** Reads the header at the start of the buffer, or drops what cannot be one. True when it consumed bytes. */
  private readHeader(): boolean {
    if (this.buffer.length === 0) return false;
    const end = this.buffer.indexOf('\r\n\r\n');
    const complete = end >= 0 && end <= maxHeaderBytes;
    const text = this.buffer.subarray(0, complete ? end : Math.min(this.buffer.length, maxHeaderBytes + 4)).toString('latin1');
    const lines = text.split('\r\n');
    // While the header is incomplete, its last line may still be arriving: judge only finished lines.
    const finished = complete ? lines : lines.slice(0, -1);
    const bad = finished.find((line) => !headerLinePattern.test(line)) ?? (complete ? undefined : this.unfinishedProblem(lines[lines.length - 1]!));
    if (bad !== undefined) return this.resync(`a header line that is not 'Name: value' (${JSON.stringify(bad.slice(0, 40))})`);
    if (!complete) return this.buffer.length > maxHeaderBytes ? this.resync(`a header longer than ${maxHeaderBytes} bytes`) : false;
    const lengths = lines.filter((line) => /^content-length:/i.test(line)).map((line) => line.slice(line.indexOf(':') + 1).trim());
    if (lengths.length !== 1) return this.resync(lengths.length === 0 ? 'a header without Content-Length' : 'a header with two Content-Lengths');
    const length = lengths[0]!;
    if (!/^\d+$/.test(length) || Number(length) > maxBodyBytes) return this.resync(`Content-Length ${JSON.stringify(length)} (not a byte count up to ${maxBodyBytes})`);
    this.buffer = this.buffer.subarray(end + 4);
    this.bodyLength = Number(length);
    this.searchedTo = 0;
    return true;
  }

  /** Why an unfinished first header line cannot become a header line, if it cannot. */
  private unfinishedProblem(line: string): string | undefined {
    const nameSoFar = /^[A-Za-z0-9!#$%&'*+.^_`|~-]*(:[ \t]*[\x20-\x7e]*)?\r?$/;
    return nameSoFar.test(line) ? undefined : line;
  }

  /** Reads the body of the current frame; drops it when its length was wrong or it is not JSON. */
  private readBody(): boolean {
    const claimed = this.bodyLength;
    const available = Math.min(this.buffer.length, claimed);
    // Search the part not searched yet (with an overlap for a header line split between chunks).
    const from = Math.max(0, this.searchedTo - overlap);
    const region = this.buffer.subarray(from, Math.min(this.buffer.length, claimed + overlap)).toString('latin1');
    headerLine.lastIndex = 0;
    const found = headerLine.exec(region);
    if (found && from + found.index < claimed) {
      return this.discard(from + found.index, `Content-Length ${claimed} runs into the next message's header`);
    }
    this.searchedTo = available;
    if (this.buffer.length < claimed) return false;
    const body = this.buffer.subarray(0, claimed);
    try {
      JSON.parse(body.toString('utf8'));
    } catch {
      return this.dropBrokenBody(claimed);
    }
    this.frames.push(Buffer.concat([Buffer.from(`Content-Length: ${claimed}\r\n\r\n`, 'ascii'), body]));
    this.buffer = this.buffer.subarray(claimed);
    this.bodyLength = -1;
    return true;
  }

  /**
   * Drops a body that is not JSON: up to the next `Content-Length:` if one starts inside it (its
   * length was too long by less than a header), else the whole body (a length too short, or junk).
   * When the body ends in what may be the start of a header, waits for the bytes that decide.
   */
  private dropBrokenBody(claimed: number): boolean {
    const reason = `a body of ${claimed} bytes that is not JSON (a wrong Content-Length?)`;
    const text = this.buffer.subarray(0, Math.min(this.buffer.length, claimed + headerName.length)).toString('latin1');
    headerStart.lastIndex = 1;
    const next = headerStart.exec(text);
    if (next && next.index < claimed) return this.discard(next.index, reason);
    if (this.buffer.length < claimed + headerName.length - 1 && partialHeaderLength(text) > 0) return false;
    return this.discard(claimed, reason);
  }

  /** Drops bytes up to the next `Content-Length:` after the start, or all but a tail that may begin one. */
  private resync(reason: string): boolean {
    const text = this.buffer.toString('latin1');
    headerStart.lastIndex = 1;
    const next = headerStart.exec(text);
    return this.discard(next ? next.index : Math.max(1, text.length - partialHeaderLength(text)), reason);
  }

  private discard(bytes: number, reason: string): boolean {
    this.report(`dlmodel lsp: dropped ${bytes} bytes of input: ${reason} — reading on from the next Content-Length header`);
    this.buffer = this.buffer.subarray(bytes);
    this.bodyLength = -1;
    this.searchedTo = 0;
    return true;
  }
}

/** The resynchroniser as a stream between standard input and vscode-jsonrpc's reader. */
export class ResyncingFrameStream extends Transform {
  private readonly frames: FrameResynchronizer;

  constructor(report: (message: string) => void) {
    super();
    this.frames = new FrameResynchronizer(report);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    for (const frame of this.frames.feed(chunk)) this.push(frame);
    done();
  }
}

/** Standard input, checked and re-framed (see {@link ResyncingFrameStream}); problems go to standard error. */
export function resyncingStdin(): NodeJS.ReadableStream {
  return process.stdin.pipe(new ResyncingFrameStream((message) => process.stderr.write(`${message}\n`)));
}
