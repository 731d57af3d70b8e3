import { existsSync, readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import * as addFormatsModule from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';

/**
 * The checked-in JSON Schemas, loaded once. They are part of the public contract (schemas/).
 * Found by walking up from this module: it runs from src/io/ in tests and from a
 * bundle chunk in dist/ when installed, at depths that differ.
 */
let schemaDir: URL | undefined;

function findSchemaDir(from: URL): URL {
  for (let dir = from; ; dir = new URL('../', dir)) {
    const candidate = new URL('schemas/', dir);
    if (existsSync(new URL('snapshot.schema.json', candidate))) return candidate;
    if (dir.pathname === '/') return new URL('../../schemas/', from);
  }
}

// ajv-formats ships CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = (addFormatsModule as unknown as { default: FormatsPlugin }).default;

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);

const compiled = new Map<string, ValidateFunction>();

export type SchemaName = 'snapshot' | 'desired-state' | 'drift-report' | 'plan' | 'doctor-report' | 'inventory';

export function schemaValidator(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    schemaDir ??= findSchemaDir(new URL('./', import.meta.url));
    const schema = JSON.parse(readFileSync(new URL(`${name}.schema.json`, schemaDir), 'utf8')) as object;
    validate = ajv.compile(schema);
    compiled.set(name, validate);
  }
  return validate;
}

/** Schema errors as readable lines: `/resources/3/type must be equal to one of the allowed values`. */
export function describeSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
}
