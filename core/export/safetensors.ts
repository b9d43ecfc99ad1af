/**
 * The safetensors format (https://github.com/huggingface/safetensors), read and written over bytes:
 * an 8-byte little-endian header length N, N bytes of JSON header
 * `{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}`
 * (padded with spaces to a multiple of 8), then the tensors' little-endian bytes back to back.
 * Offsets are relative to the first byte after the header. Pure: no file system.
 */

import { decodeSource } from '../syntax/decode';

/** The element types this module reads and writes. */
export type SafetensorsDtype = 'F32' | 'F64' | 'I32' | 'I64' | 'U8';

/** One tensor: its values in row-major order and its shape. */
export type SafeTensor =
  | { readonly dtype: 'F32'; readonly shape: readonly number[]; readonly data: Float32Array }
  | { readonly dtype: 'F64'; readonly shape: readonly number[]; readonly data: Float64Array }
  | { readonly dtype: 'I32'; readonly shape: readonly number[]; readonly data: Int32Array }
  | { readonly dtype: 'I64'; readonly shape: readonly number[]; readonly data: BigInt64Array }
  | { readonly dtype: 'U8'; readonly shape: readonly number[]; readonly data: Uint8Array };

export interface SafetensorsFile {
  /** Tensors by name, in the order of their data in the file. */
  readonly tensors: ReadonlyMap<string, SafeTensor>;
  /** The header's `__metadata__` (string to string), empty when absent. */
  readonly metadata: Readonly<Record<string, string>>;
}

export type SafetensorsResult = { readonly ok: true; readonly file: SafetensorsFile } | { readonly ok: false; readonly message: string };

/** UTF-8 bytes of a string (core has no platform encoder); lone surrogates become U+FFFD. */
function utf8(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

const itemSize: Record<SafetensorsDtype, number> = { F32: 4, F64: 8, I32: 4, I64: 8, U8: 1 };

/** The largest header this reader accepts (the reference implementation's limit is 100 MB). */
const maxHeaderBytes = 100_000_000;

const elementCount = (shape: readonly number[]): number => shape.reduce((product, d) => product * d, 1);

/** Whether this machine stores numbers little-endian (every platform Node and VS Code run on does). */
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A copy in fresh memory of its own. */
function copyOf(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

/** Little-endian bytes of a typed array (a copy; correct on either byte order). */
function tensorBytes(tensor: SafeTensor): Uint8Array {
  const size = itemSize[tensor.dtype];
  if (littleEndian) return copyOf(new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
  const out = new Uint8Array(tensor.data.length * size);
  const view = new DataView(out.buffer);
  const data = tensor.data;
  switch (tensor.dtype) {
    case 'F32':
      for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i] as number, true);
      break;
    case 'F64':
      for (let i = 0; i < data.length; i++) view.setFloat64(i * 8, data[i] as number, true);
      break;
    case 'I32':
      for (let i = 0; i < data.length; i++) view.setInt32(i * 4, data[i] as number, true);
      break;
    case 'I64':
      for (let i = 0; i < data.length; i++) view.setBigInt64(i * 8, data[i] as bigint, true);
      break;
    case 'U8':
      out.set(data as Uint8Array);
      break;
  }
  return out;
}

/**
 * Encodes tensors (in the given order) and optional string metadata as one safetensors file.
 * Throws a RangeError when a tensor's data does not fill its shape or a name is empty.
 */
export function encodeSafetensors(tensors: Iterable<readonly [string, SafeTensor]>, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header['__metadata__'] = { ...metadata };
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const [name, tensor] of tensors) {
    if (name.length === 0 || name === '__metadata__') throw new RangeError(`safetensors: invalid tensor name '${name}'`);
    if (name in header) throw new RangeError(`safetensors: tensor '${name}' appears twice`);
    if (elementCount(tensor.shape) !== tensor.data.length) throw new RangeError(`safetensors: tensor '${name}' has ${tensor.data.length} values for shape [${tensor.shape.join(', ')}]`);
    const bytes = tensorBytes(tensor);
    header[name] = { dtype: tensor.dtype, shape: [...tensor.shape], data_offsets: [offset, offset + bytes.length] };
    parts.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
  let headerBytes = utf8(json);
  const padding = (8 - ((8 + headerBytes.length) % 8)) % 8;
  if (padding > 0) {
    json += ' '.repeat(padding);
    headerBytes = utf8(json);
  }
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let position = 8 + headerBytes.length;
  for (const part of parts) {
    out.set(part, position);
    position += part.length;
  }
  return out;
}

const fail = (message: string): SafetensorsResult => ({ ok: false, message: `not a valid safetensors file: ${message}` });

function isShape(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((d) => Number.isInteger(d) && d >= 0);
}

/** Reads a tensor's little-endian bytes into a fresh typed array (the data need not be aligned). */
function readTensor(dtype: SafetensorsDtype, shape: readonly number[], bytes: Uint8Array): SafeTensor {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = elementCount(shape);
  if (littleEndian && dtype !== 'U8') {
    // One copy into fresh (so aligned) memory, viewed as the element type. (Not bytes.slice():
    // on a Node Buffer that is a view of the shared pool, not a copy.)
    const copy = copyOf(bytes).buffer;
    switch (dtype) {
      case 'F32':
        return { dtype, shape, data: new Float32Array(copy) };
      case 'F64':
        return { dtype, shape, data: new Float64Array(copy) };
      case 'I32':
        return { dtype, shape, data: new Int32Array(copy) };
      case 'I64':
        return { dtype, shape, data: new BigInt64Array(copy) };
    }
  }
  switch (dtype) {
    case 'F32': {
      const data = new Float32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat32(i * 4, true);
      return { dtype, shape, data };
    }
    case 'F64': {
      const data = new Float64Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat64(i * 8, true);
      return { dtype, shape, data };
    }
    case 'I32': {
      const data = new Int32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getInt32(i * 4, true);
      return { dtype, shape, data };
    }
    case 'I64': {
      const data = new BigInt64Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getBigInt64(i * 8, true);
      return { dtype, shape, data };
    }
    case 'U8':
      return { dtype, shape, data: copyOf(bytes) };
  }
}

/**
 * Decodes a safetensors file. Checks what the reference reader checks: the header length, the
 * JSON, every entry's dtype, shape and offsets, that each tensor's byte size matches its shape,
 * and that the tensors cover the data without gaps or overlaps. Never throws.
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsResult {
  if (bytes.length < 8) return fail(`it has ${bytes.length} bytes, fewer than the 8 of the header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(Math.min(maxHeaderBytes, bytes.length - 8))) return fail(`its header length ${headerLength} is larger than the file`);
  const headerEnd = 8 + Number(headerLength);
  let header: unknown;
  try {
    const decoded = decodeSource(bytes.subarray(8, headerEnd));
    if (decoded.diagnostics.length > 0) return fail('its header is not UTF-8 text');
    header = JSON.parse(decoded.text);
  } catch (error) {
    return fail(`its header is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return fail('its header is not a JSON object');
  const dataLength = bytes.length - headerEnd;
  const metadata: Record<string, string> = {};
  const entries: { name: string; dtype: SafetensorsDtype; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof value !== 'object' || value === null) return fail('__metadata__ is not an object');
      for (const [key, text] of Object.entries(value as Record<string, unknown>)) {
        if (typeof text !== 'string') return fail(`__metadata__.${key} is not a string`);
        metadata[key] = text;
      }
      continue;
    }
    if (typeof value !== 'object' || value === null) return fail(`entry '${name}' is not an object`);
    const { dtype, shape, data_offsets: offsets } = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof dtype !== 'string' || !(dtype in itemSize)) return fail(`tensor '${name}' has dtype ${JSON.stringify(dtype)}; this reader knows ${Object.keys(itemSize).join(', ')}`);
    if (!isShape(shape)) return fail(`tensor '${name}' has no valid shape`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0)) return fail(`tensor '${name}' has no valid data_offsets`);
    const [begin, end] = offsets as [number, number];
    if (begin > end || end > dataLength) return fail(`tensor '${name}' lies outside the data (bytes ${begin}–${end} of ${dataLength})`);
    const expected = elementCount(shape) * itemSize[dtype as SafetensorsDtype];
    if (end - begin !== expected) return fail(`tensor '${name}' has ${end - begin} bytes; ${dtype} [${shape.join(', ')}] needs ${expected}`);
    entries.push({ name, dtype: dtype as SafetensorsDtype, shape, begin, end });
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const entry of entries) {
    if (entry.begin !== covered) return fail(entry.begin < covered ? `tensor '${entry.name}' overlaps another` : `there is a gap before tensor '${entry.name}'`);
    covered = entry.end;
  }
  if (covered !== dataLength) return fail(`${dataLength - covered} bytes after the last tensor belong to none`);
  const tensors = new Map<string, SafeTensor>();
  for (const entry of entries) tensors.set(entry.name, readTensor(entry.dtype, entry.shape, bytes.subarray(headerEnd + entry.begin, headerEnd + entry.end)));
  return { ok: true, file: { tensors, metadata } };
}
