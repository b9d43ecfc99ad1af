import { constants, deflateRawSync } from 'node:zlib';

/**
 * An IDX images file, gzipped, whose header promises `count` 28×28 images but whose stream inflates
 * to `inflated` bytes of zeros: the same sync-flushed deflate piece repeated (each starts with a
 * literal zero, then copies at distance 1), so building it costs little.
 */
export function gzipBomb(count: number, inflated: number): Uint8Array {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(0x803, 0);
  header.writeUInt32BE(count, 4);
  header.writeUInt32BE(28, 8);
  header.writeUInt32BE(28, 12);
  const pieceSize = 16 * 2 ** 20;
  const first = deflateRawSync(Buffer.concat([header, Buffer.alloc(pieceSize)]), { finishFlush: constants.Z_SYNC_FLUSH });
  const piece = deflateRawSync(Buffer.alloc(pieceSize), { finishFlush: constants.Z_SYNC_FLUSH });
  const pieces = Math.max(0, Math.ceil(inflated / pieceSize) - 1);
  const size = 16 + (pieces + 1) * pieceSize;
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(0, 0); // CRC-32, which no reader here checks
  trailer.writeUInt32LE(size % 2 ** 32, 4);
  const gzipHeader = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  const finalBlock = Buffer.from([3, 0]); // an empty final block with fixed codes
  return Buffer.concat([gzipHeader, first, ...Array<Buffer>(pieces).fill(piece), finalBlock, trailer]);
}
