import { basename, dirname, extname, join } from 'node:path';

/** Where `dlmodel train FILE --save` is told to write when no --weights is given: next to FILE (the CLI's and the editor's default). */
export function defaultWeightsPath(file: string): string {
  return join(dirname(file), `${basename(file, extname(file))}.safetensors`);
}
