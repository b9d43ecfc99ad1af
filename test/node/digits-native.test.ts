import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'fflate';
import { loadDigits } from '../../core/data';
import { decodeBase64 } from '../../core/common/base64';
import { gzipTrailerSize, useWholeGunzip } from '../../core/data/gzip';
import { digitsCsvGzBase64 } from '../../core/data/builtin/digits-gz';
import { nativeWholeGunzip } from '../../node/native-gunzip';

// Its own file: the digits are decoded once per process, and this must be the first decode.
test('digits inflate in the host’s zlib where one is installed (a worker’s every lane), to fflate’s bytes', () => {
  const gz = decodeBase64(digitsCsvGzBase64);
  const fflate = gunzipSync(gz);
  assert.equal(gzipTrailerSize(gz), fflate.length);
  const inflated: Uint8Array[] = [];
  useWholeGunzip((compressed, maxOutput) => {
    const content = nativeWholeGunzip(compressed, maxOutput);
    if (content) inflated.push(content);
    return content;
  });
  try {
    const digits = loadDigits(true);
    assert.equal(inflated.length, 1);
    assert.deepEqual(inflated[0], fflate);
    assert.equal(digits.inputs[2], 5 / 16); // the CSV's first row: 0,0,5,13,…
  } finally {
    useWholeGunzip(undefined);
  }
});
