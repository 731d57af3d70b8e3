/**
 * `npm run spec`: writes src/spec/cfn-spec.json, the part of the CloudFormation
 * resource specification reclaim uses, for every type it knows, from the CDK's
 * `@aws-cdk/aws-service-spec` (a devDependency: the 2.6 MB database is read
 * here, once, and never at run time). Run it after upgrading that package; the
 * output is sorted and formatted, so running it again without an upgrade
 * changes nothing.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';
import type { Property, PropertyType, SpecDatabase, TypeDefinition } from '@aws-cdk/service-spec-types';
import * as prettier from 'prettier';
import { RESOURCE_TYPES } from '../src/model/resource-type.js';
import type {
  CfnSpecFile,
  StoredFields,
  StoredProperty,
  StoredResourceType,
  TypeShape,
} from '../src/spec/spec-shape.js';

const OUT_FILE = fileURLToPath(new URL('../src/spec/cfn-spec.json', import.meta.url));
const PACKAGE = '@aws-cdk/aws-service-spec';
const MAX_DOC = 200;

/** The spec's built-in `tag` type: CloudFormation's `{ Key, Value }` pair. */
const TAG_DEFINITION = 'Tag';
const TAG_FIELDS: StoredFields = {
  Key: { type: { kind: 'string' }, required: true, documentation: 'The key name of the tag.' },
  Value: { type: { kind: 'string' }, required: true, documentation: 'The value for the tag.' },
};

/** Abbreviations whose period does not end a sentence. */
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|approx|Inc|No)$/i;

/**
 * The first sentence of the first paragraph, as plain as markdown allows
 * cheaply: links become their text, block-quote markers go. At most 200
 * characters, cut at a word.
 */
function firstSentence(markdown: string): string | undefined {
  const paragraph = markdown.trim().split(/\n\s*\n/)[0] ?? '';
  const text = paragraph
    .replace(/^>\s*/gm, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return undefined;
  let sentence = text;
  for (const match of text.matchAll(/[.!?](?=\s|$)/g)) {
    const end = match.index + 1;
    if (ABBREVIATION.test(text.slice(0, match.index))) continue;
    sentence = text.slice(0, end);
    break;
  }
  if (sentence.length <= MAX_DOC) return sentence;
  const cut = sentence.slice(0, MAX_DOC - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : cut.length).replace(/[\s,;:]+$/, '')}…`;
}

/** The spec stores defaults as JSON text (`"\"LATEST\""`, `false`); anything else is kept as written. */
function parseDefault(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Collects one resource type's definitions while converting, and refuses two structures of one name. */
class Definitions {
  readonly byName = new Map<string, StoredFields>();
  private readonly idOf = new Map<string, string>();

  constructor(
    private readonly db: SpecDatabase,
    private readonly type: string,
  ) {}

  shape(type: PropertyType): TypeShape {
    switch (type.type) {
      case 'string':
        return type.allowedValues?.length
          ? { kind: 'string', allowed: [...type.allowedValues].sort() }
          : { kind: 'string' };
      case 'integer':
        return type.allowedValues?.length
          ? { kind: 'integer', allowed: [...type.allowedValues].sort((a, b) => a - b) }
          : { kind: 'integer' };
      case 'number':
      case 'boolean':
      case 'json':
      case 'date-time':
        return { kind: type.type };
      case 'tag':
        return { kind: 'object', definition: this.tag() };
      case 'ref':
        return { kind: 'object', definition: this.definition(this.db.get('typeDefinition', type.reference)) };
      case 'array':
      case 'map':
        return { kind: type.type, element: this.shape(type.element) };
      case 'union': {
        const options = type.types.map((option) => this.shape(option));
        return { kind: 'union', options: options.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) };
      }
      default:
        throw new Error(
          `${this.type}: property type ${JSON.stringify(type)} is new to reclaim; teach TypeShape about it`,
        );
    }
  }

  fields(properties: Record<string, Property>): StoredFields {
    const fields: Record<string, StoredProperty> = {};
    for (const [name, property] of Object.entries(properties)) {
      // IGNORE marks properties that were wrongly added to the spec: CloudFormation rejects them.
      if (property.deprecated === 'IGNORE') continue;
      const documentation = property.documentation ? firstSentence(property.documentation) : undefined;
      fields[name] = {
        type: this.shape(property.type),
        ...(property.required ? { required: true } : {}),
        ...(property.causesReplacement && property.causesReplacement !== 'no'
          ? { causesReplacement: property.causesReplacement }
          : {}),
        ...(property.defaultValue !== undefined ? { defaultValue: parseDefault(property.defaultValue) } : {}),
        ...(documentation ? { documentation } : {}),
      };
    }
    return fields;
  }

  private definition(definition: TypeDefinition): string {
    const known = this.idOf.get(definition.name);
    if (known === definition.$id) return definition.name;
    if (known !== undefined) throw new Error(`${this.type}: two definitions are named ${definition.name}`);
    this.idOf.set(definition.name, definition.$id);
    // Claimed before the fields are converted, so a recursive structure refers back to itself.
    this.byName.set(definition.name, {});
    this.byName.set(definition.name, this.fields(definition.properties));
    return definition.name;
  }

  private tag(): string {
    const existing = this.idOf.get(TAG_DEFINITION);
    if (existing !== undefined && existing !== 'builtin') {
      const fields = Object.keys(this.byName.get(TAG_DEFINITION) ?? {}).sort();
      if (fields.join() !== 'Key,Value') throw new Error(`${this.type}: a definition named Tag is not a tag`);
      return TAG_DEFINITION;
    }
    this.idOf.set(TAG_DEFINITION, 'builtin');
    this.byName.set(TAG_DEFINITION, TAG_FIELDS);
    return TAG_DEFINITION;
  }
}

function extractType(db: SpecDatabase, cloudFormationType: string): StoredResourceType {
  const found = db.lookup('resource', 'cloudFormationType', 'equals', cloudFormationType);
  if (found.length !== 1) throw new Error(`${cloudFormationType}: ${found.length} resources in ${PACKAGE}`);
  const resource = found.only();
  const definitions = new Definitions(db, cloudFormationType);
  const properties = definitions.fields(resource.properties);
  return {
    properties,
    definitions: Object.fromEntries(definitions.byName),
    attributes: Object.keys(resource.attributes).sort(),
    ...(resource.primaryIdentifier?.length ? { primaryIdentifier: resource.primaryIdentifier } : {}),
    ...(resource.tagInformation ? { tagProperty: resource.tagInformation.tagPropertyName } : {}),
    ...(resource.additionalReplacementProperties?.length
      ? { additionalReplacementPaths: resource.additionalReplacementProperties }
      : {}),
  };
}

/** Object keys sorted at every level (array order is meaning, and kept), so the output is stable. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

const packageJson = (await import(`${PACKAGE}/package.json`, { with: { type: 'json' } })) as {
  default: { version: string };
};
const db = await loadAwsServiceSpec();
const spec: CfnSpecFile = {
  source: { package: PACKAGE, version: packageJson.default.version },
  types: Object.fromEntries([...RESOURCE_TYPES].sort().map((type) => [type, extractType(db, type)])),
};
const options = (await prettier.resolveConfig(OUT_FILE)) ?? {};
const text = await prettier.format(JSON.stringify(sortKeys(spec)), { ...options, filepath: OUT_FILE });
await writeFile(OUT_FILE, text);
console.error(
  `wrote src/spec/cfn-spec.json: ${RESOURCE_TYPES.length} types from ${PACKAGE} ${packageJson.default.version}, ${Math.round(text.length / 1024)} KB`,
);
