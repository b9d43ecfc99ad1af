// Validates JSON against the schemas of docs/schemas/ (draft 2020-12), with ajv in strict mode so a
// typo in a schema keyword fails the test instead of silently allowing anything.
import { readdirSync, readFileSync } from 'node:fs';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { fromRoot } from './paths';

const ajv = new Ajv2020({ strict: true, allErrors: true });
// Every schema is known by its $id, so one may refer to another (train.py's events reuse the CLI's definitions).
for (const file of readdirSync(fromRoot('docs/schemas')).filter((f) => f.endsWith('.schema.json'))) {
  ajv.addSchema(JSON.parse(readFileSync(fromRoot('docs/schemas', file), 'utf8')) as object);
}

/** The compiled validator of docs/schemas/<name>.schema.json. */
export function loadSchema(name: string): ValidateFunction {
  const schema = JSON.parse(readFileSync(fromRoot('docs/schemas', `${name}.schema.json`), 'utf8')) as { $id: string };
  const validate = ajv.getSchema(schema.$id);
  if (!validate) throw new Error(`docs/schemas/${name}.schema.json did not compile`);
  return validate;
}

/** The schema's complaints about `value`, one per line ('' when it is valid). */
export function schemaErrors(validate: ValidateFunction, value: unknown): string {
  if (validate(value)) return '';
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params && Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : ''}`).join('\n');
}
