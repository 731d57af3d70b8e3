import {
  isNode,
  isPair,
  isScalar,
  isSeq,
  Scalar,
  visit,
  type CollectionTag,
  type Document,
  type ScalarTag,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { closest } from '../util/edit-distance.js';
import { INTRINSIC_FUNCTIONS } from './intrinsic-functions.js';
import { isIntrinsic } from './intrinsics.js';

/**
 * The short-form tag of every CloudFormation intrinsic (`!Ref X`, `!GetAtt
 * X.Attr`, `!Sub '…'`, `!Join [',', […]]`, …), on a scalar, a list or a
 * mapping, read into the long form CloudFormation defines for it
 * (`{ 'Fn::Join': [',', […]] }`) and nothing more. Which of them reclaim
 * evaluates, and whether each is well formed, is for `check-intrinsics.ts`
 * to say, so that both forms get the same answer. A tag not listed here is
 * unknown to the parser, and the loader reports it.
 */
export const INTRINSIC_TAGS: Array<ScalarTag | CollectionTag> = INTRINSIC_FUNCTIONS.flatMap(({ key, tag }) => [
  { tag, resolve: (value: string) => ({ [key]: value }) } as ScalarTag,
  { tag, collection: 'seq', resolve: (seq: YAMLSeq) => ({ [key]: seq.toJSON() }) } as CollectionTag,
  { tag, collection: 'map', resolve: (map: YAMLMap) => ({ [key]: map.toJSON() }) } as CollectionTag,
]);

/** YAML's own tags that a hand-written file may use (`!!str 123`), and `!` (a plain string). */
const YAML_TAGS = ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`);
const KNOWN_TAGS = new Set(['!', ...YAML_TAGS, ...INTRINSIC_FUNCTIONS.map((entry) => entry.tag)]);
const EVALUATED_TAGS = INTRINSIC_FUNCTIONS.filter((entry) => !entry.instead).map((entry) => entry.tag);

/** A node whose tag reclaim does not know: where it is, and the property path of the node it tags. */
export interface UnknownTag {
  readonly tag: string;
  readonly path: (string | number)[];
  /** Offset of the tag in the text. */
  readonly offset: number;
}

/**
 * Every tag in the document that is neither YAML's own nor a CloudFormation
 * intrinsic's. The parser reads such a node as plain text (`!GetAttr X.Arn`
 * becomes the string `X.Arn`), which must never reach AWS: the loader
 * rejects the file instead.
 */
export function unknownTags(document: Document, text: string): UnknownTag[] {
  const found: UnknownTag[] = [];
  visit(document, (_key, node, ancestors) => {
    if (!isNode(node) || node.tag === undefined || KNOWN_TAGS.has(node.tag)) return;
    const start = node.range?.[0] ?? 0;
    const offset = text.lastIndexOf(node.tag, start);
    found.push({ tag: node.tag, path: keyPath([...ancestors, node]), offset: offset >= 0 ? offset : start });
  });
  return found;
}

/** The message and fix for an unknown tag, with the nearest tag reclaim reads when it looks like a misspelling. */
export function describeUnknownTag(tag: string): { message: string; fix: string } {
  const suggestion =
    closest(tag, EVALUATED_TAGS) ??
    closest(
      tag,
      INTRINSIC_FUNCTIONS.map((entry) => entry.tag),
    );
  return {
    message: `unknown tag ${tag}: reclaim reads only the CloudFormation tags ${EVALUATED_TAGS.join(', ')}`,
    fix: suggestion
      ? `did you mean ${suggestion}?`
      : `write the value as a literal, or as ${EVALUATED_TAGS.join(', ').replace(/, (?=[^,]*$)/, ' or ')}`,
  };
}

/** The property path of the last node in a chain of ancestors: map keys and list indexes. */
function keyPath(chain: readonly unknown[]): (string | number)[] {
  const path: (string | number)[] = [];
  for (const [index, parent] of chain.entries()) {
    const child = chain[index + 1];
    if (child === undefined) break;
    if (isPair(parent) && child === parent.value) {
      path.push(isScalar(parent.key) ? (parent.key.value as string | number) : String(parent.key));
    } else if (isSeq(parent)) {
      path.push(parent.items.indexOf(child));
    }
  }
  return path;
}

/** Turns long-form intrinsics back into short-form YAML nodes, for writing a file people read. */
export function toShortForm(value: unknown): unknown {
  if (isIntrinsic(value)) {
    const [tag, text] =
      'Ref' in value
        ? ['!Ref', value.Ref]
        : 'Fn::GetAtt' in value
          ? ['!GetAtt', value['Fn::GetAtt'].join('.')]
          : ['!Sub', value['Fn::Sub']];
    const node = new Scalar(text);
    node.tag = tag;
    return node;
  }
  if (Array.isArray(value)) return value.map(toShortForm);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toShortForm(item)]));
  }
  return value;
}
