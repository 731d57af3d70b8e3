import type { DesiredResource } from '../desired/types.js';
import { RECLAIM_EXTENSIONS } from '../spec/extensions.js';
import { CODE_DEPLOY_OWNED } from './blue-green.js';
import type { LeftOutProperty } from './types.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why a property reclaim carries beyond CloudFormation's spec stays out of the template. */
const EXTENSION_LEFT_OUT: Readonly<Record<string, string>> = {
  SecretKeys:
    "the secret's value stays in Secrets Manager: the template declares the secret without SecretString, so CloudFormation never holds (or overwrites) the value; reclaim still checks the keys",
};

/** reclaim writes tags as a map; CloudFormation's `Tags` is a list of `{ Key, Value }` for every type reclaim knows. */
function tagList(value: unknown): unknown {
  if (!isRecord(value) || 'Ref' in value) return value;
  return Object.entries(value)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([Key, Value]) => ({ Key, Value }));
}

/**
 * A desired resource's properties in CloudFormation's shape: tags as a list,
 * reclaim's own properties (`SecretKeys`) left out with the reason, and for a
 * service under CodeDeploy what CodeDeploy owns left out.
 */
export function templateProperties(
  id: string,
  resource: DesiredResource,
  options: { readonly codeDeployControlled: boolean },
): { properties: Record<string, unknown>; leftOut: LeftOutProperty[] } {
  const leftOut: LeftOutProperty[] = [];
  const properties: Record<string, unknown> = {};
  const extensions = RECLAIM_EXTENSIONS[resource.type] ?? {};
  for (const [name, value] of Object.entries(resource.properties)) {
    const owned = options.codeDeployControlled ? CODE_DEPLOY_OWNED[name as keyof typeof CODE_DEPLOY_OWNED] : undefined;
    const extension = extensions[name];
    const reason = owned ?? (extension ? (EXTENSION_LEFT_OUT[name] ?? extension.reason) : undefined);
    if (reason) {
      leftOut.push({ id, type: resource.type, property: name, reason });
      continue;
    }
    properties[name] = name === 'Tags' ? tagList(value) : value;
  }
  return { properties, leftOut };
}
