/**
 * The shape of `cfn-spec.json`: the part of the CloudFormation resource
 * specification reclaim uses, for the types it knows, extracted from
 * `@aws-cdk/aws-service-spec` by `npm run spec` (scripts/extract-cfn-spec.ts).
 *
 * Self-contained: nested structures are named definitions of the same type,
 * so recursive structures need no special casing and shared ones are stored once.
 */

/** What a value must look like. `json` is free-form (policy documents, action configurations). */
export type TypeShape =
  | { readonly kind: 'string'; readonly allowed?: readonly string[] }
  | { readonly kind: 'integer'; readonly allowed?: readonly number[] }
  | { readonly kind: 'number' | 'boolean' | 'json' | 'date-time' }
  /** A structure: its fields are the type's `definitions[definition]`. */
  | { readonly kind: 'object'; readonly definition: string }
  | { readonly kind: 'array' | 'map'; readonly element: TypeShape }
  | { readonly kind: 'union'; readonly options: readonly TypeShape[] };

export type ShapeKind = TypeShape['kind'];

/** Whether changing the property makes CloudFormation replace the resource (`maybe`: depends on the change). */
export type Replacement = 'yes' | 'no' | 'maybe';

/** One property as stored: defaults (not required, no replacement, no default) are left out to keep the file small. */
export interface StoredProperty {
  readonly type: TypeShape;
  readonly required?: true;
  readonly causesReplacement?: 'yes' | 'maybe';
  /** The spec's default, parsed from its JSON text when it is JSON. */
  readonly defaultValue?: unknown;
  /** The first sentence of the spec's documentation, at most 200 characters. */
  readonly documentation?: string;
}

export type StoredFields = Readonly<Record<string, StoredProperty>>;

export interface StoredResourceType {
  readonly properties: StoredFields;
  /** Nested structures by name, referenced from `{ kind: 'object', definition }`. */
  readonly definitions: Readonly<Record<string, StoredFields>>;
  /** The names `Fn::GetAtt` accepts, sorted. */
  readonly attributes: readonly string[];
  /** The properties that identify one resource (Cloud Control API), in the spec's order. */
  readonly primaryIdentifier?: readonly string[];
  /** The property that carries the type's tags. */
  readonly tagProperty?: string;
  /** Property paths that cause replacement beyond those marked on the properties themselves. */
  readonly additionalReplacementPaths?: readonly (readonly string[])[];
}

export interface CfnSpecFile {
  readonly source: { readonly package: string; readonly version: string };
  readonly types: Readonly<Record<string, StoredResourceType>>;
}
