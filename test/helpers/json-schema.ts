// Validates JSON against the schemas of docs/schemas/ (draft 2020-12), with ajv in strict mode so a
// typo in a schema keyword fails the test instead of silently allowing anything.
import { readFileSync } from 'node:fs';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { fromRoot } from './paths';

const ajv = new Ajv2020({ strict: true, allErrors: true });

/** The compiled validator of docs/schemas/<name>.schema.json. */
export function loadSchema(name: string): ValidateFunction {
  const schema = JSON.parse(readFileSync(fromRoot('docs/schemas', `${name}.schema.json`), 'utf8')) as { $id: string };
  return ajv.getSchema(schema.$id) ?? ajv.compile(schema);
}

/** The schema's complaints about `value`, one per line ('' when it is valid). */
export function schemaErrors(validate: ValidateFunction, value: unknown): string {
  if (validate(value)) return '';
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params && Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : ''}`).join('\n');
}
