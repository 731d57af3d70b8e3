import type { Resource } from '../../model/resource.js';
import { collect, type Check, type Collector, type FindingDraft } from '../check.js';
import type { FindingLocation } from '../finding.js';
import { LiveStack, sameId } from '../live/live-stack.js';
import { containersOf, servicesOf, taskDefinitionOf } from '../live/stack-parts.js';
import { locateIn, repoContainersOf } from '../repo/locate.js';
import { asDict, asList, asString, stringList } from '../util/values.js';

/** A container secret's `valueFrom`, taken apart: `arn:…:secret:NAME-AbCdEf:KEY:STAGE:VERSION`. */
export interface SecretReference {
  /** The secret's ARN (the first 7 colon-separated parts), or the value itself when it is no ARN. */
  readonly secretId: string;
  readonly isArn: boolean;
  /** Whether the secret part ends in Secrets Manager's random 6-character suffix. */
  readonly hasSuffix: boolean;
  /** The parts after the ARN (`KEY`, `STAGE`, `VERSION`): none when the whole secret is injected. */
  readonly rest: readonly string[];
}

export function parseSecretReference(valueFrom: string): SecretReference | undefined {
  const parts = valueFrom.split(':');
  if (parts[0] === 'arn' && parts[2] === 'ssm') return undefined; // Parameter Store: not a Secrets Manager reference
  if (parts[0] !== 'arn') return { secretId: valueFrom, isArn: false, hasSuffix: false, rest: [] };
  const name = parts[6] ?? '';
  return {
    secretId: parts.slice(0, 7).join(':'),
    isArn: parts[2] === 'secretsmanager' && parts[5] === 'secret',
    hasSuffix: /-[A-Za-z0-9]{6}$/.test(name),
    rest: parts.slice(7),
  };
}

type Shape =
  { arn: string; keys: readonly string[] | undefined; format?: string } | 'missing' | 'unknown' | 'unchecked';

interface Reference {
  readonly container: string;
  readonly variable: string;
  readonly valueFrom: string;
  readonly location: FindingLocation;
  /** Which form the fix names: the file's value, or the live task definition's. */
  readonly live: boolean;
}

function judge(out: Collector, ref: Reference, shape: (id: string) => Shape): void {
  const parsed = parseSecretReference(ref.valueFrom);
  if (!parsed) return;
  const report = (draft: Omit<FindingDraft, 'location'>) => out.error({ location: ref.location, ...draft });
  const where = ref.live ? 'in taskdef.json, and deploy' : '';
  const found = shape(parsed.secretId);
  const fullArn = typeof found === 'object' ? found.arn : undefined;
  const expected = `${fullArn ?? (parsed.isArn ? parsed.secretId : '<full secret ARN>')}:${ref.variable}::`;
  // A name may itself end in six letters (`ecs-envars`): the secret that was found settles it.
  const partial = !parsed.hasSuffix || (fullArn !== undefined && fullArn !== parsed.secretId);
  if (!parsed.isArn || partial) {
    report({
      what: `${ref.container}: ${ref.variable} names secret "${parsed.secretId}" without ${parsed.isArn ? 'its random suffix' : 'a full ARN'}.`,
      why: 'A JSON key can be read only through the full secret ARN, random suffix included (`…:secret:NAME-AbCdEf`).',
      fix: { text: `Use the full ARN with the key: ${expected} ${where}`.trim(), value: expected },
    });
    return;
  }
  if (parsed.rest.length === 0 || parsed.rest[0] === '') {
    report({
      what: `${ref.container}: ${ref.variable} takes the whole secret ${parsed.secretId}, not one key (no ":KEY::").`,
      why: 'Without :KEY:: the variable receives the entire JSON document of the secret instead of one value.',
      fix: { text: `Name the key, with the two trailing colons: ${expected} ${where}`.trim(), value: expected },
    });
    return;
  }
  if (parsed.rest.length !== 3) {
    report({
      what: `${ref.container}: ${ref.variable}'s valueFrom ends in ":${parsed.rest.join(':')}", not ":KEY::".`,
      why: 'ECS expects ARN:KEY:STAGE:VERSION with stage and version left empty: exactly two colons after the key.',
      fix: {
        text: `Write ${parsed.secretId}:${parsed.rest[0]}:: ${where}`.trim(),
        value: `${parsed.secretId}:${parsed.rest[0]}::`,
      },
    });
    return;
  }
  const key = parsed.rest[0]!;
  if (found === 'unknown') {
    out.unknown(`secret ${parsed.secretId} could not be read`);
  } else if (found === 'missing') {
    report({
      what: `${ref.container}: ${ref.variable} names secret ${parsed.secretId}, which does not exist.`,
      why: 'Tasks fail to start when a secret they name does not exist (ResourceInitializationError).',
      fix: { text: 'Point valueFrom at the secret the guide created (with its full ARN), or delete the variable.' },
    });
  } else if (typeof found === 'object' && found.format !== undefined && found.format !== 'json') {
    report({
      what: `${ref.container}: ${ref.variable} reads key ${key} of secret ${parsed.secretId}, whose value is not a JSON object.`,
      why: 'A key can be read only from a secret stored as key/value pairs.',
      fix: { text: 'Store the secret as key/value pairs ("Other type of secret"), or drop the :KEY:: part.' },
    });
  } else if (typeof found === 'object' && found.keys && !found.keys.includes(key)) {
    report({
      what: `${ref.container}: ${ref.variable} reads key ${key}, which secret ${parsed.secretId} does not have (keys: ${found.keys.join(', ') || 'none'}).`,
      why: 'Tasks fail to start when a key they name is not in the secret; delete example variables you do not use.',
      fix: { text: `Add key ${key} to the secret, or remove ${ref.variable} from the container's secrets.` },
    });
  }
}

function shapeOfResource(secret: Resource): Shape {
  if (secret.status === 'unknown') return 'unknown';
  const format = asString(secret.attributes.Format);
  return { arn: secret.physicalId, keys: stringList(secret.properties.SecretKeys), ...(format ? { format } : {}) };
}

/**
 * Guide, step 4: every secret `valueFrom` is the secret's full ARN, random
 * suffix included, followed by `:KEY::`; the secret exists; each key exists
 * in it. Keys are compared, never values (discovery reads keys only).
 */
export const secretReferences: Check = {
  code: 'RC008',
  id: 'secret-references',
  title: 'Secret valueFrom: full ARN with suffix and :KEY::, existing secret and key',
  description:
    'Each container secret must name the full secret ARN (random suffix included) followed by :KEY::, the secret must exist and hold that key; a reference to a missing secret or key stops the tasks from starting.',
  appliesTo: 'both',

  run({ repo, live }) {
    const out = collect(this);
    const secrets = live?.resources('AWS::SecretsManager::Secret', { orphans: true }) ?? [];
    const shapeOf = (id: string): Shape => {
      if (!live) return 'unchecked';
      const resource = secrets.find(
        (secret) =>
          sameId(secret.physicalId, id) ||
          secret.properties.Name === id ||
          // A partial ARN (no random suffix) still tells which secret was meant.
          secret.physicalId.startsWith(`${id}-`),
      );
      if (resource) return shapeOfResource(resource);
      const fact = live.facts?.secrets.get(id);
      if (fact === 'missing') return 'missing';
      if (fact) return { arn: fact.arn, keys: fact.keys, format: 'json' };
      if (fact === null || live.unreadable('AWS::SecretsManager::Secret', id) || !live.facts) return 'unknown';
      return 'missing';
    };

    const file = repo?.taskdef;
    if (file?.parsed.ok) {
      for (const container of repoContainersOf(file.parsed)) {
        asList(container.definition.secrets).forEach((entry, i) => {
          const secret = asDict(entry) ?? {};
          const valueFrom = asString(secret.valueFrom);
          if (!valueFrom) return;
          judge(
            out,
            {
              container: container.name,
              variable: asString(secret.name) ?? '?',
              valueFrom,
              location: locateIn(file, [...container.path, 'secrets', i, 'valueFrom']),
              live: false,
            },
            shapeOf,
          );
        });
      }
    }

    if (live) {
      for (const service of servicesOf(live)) {
        const td = taskDefinitionOf(live, service);
        if (!td) continue;
        for (const container of containersOf(td)) {
          asList(container.definition.Secrets).forEach((entry, i) => {
            const secret = asDict(entry) ?? {};
            const valueFrom = asString(secret.ValueFrom);
            if (!valueFrom) return;
            const property = `ContainerDefinitions.${container.index}.Secrets.${i}.ValueFrom`;
            const target = live.target(td, property);
            judge(
              out,
              {
                container: container.name,
                variable: asString(secret.Name) ?? '?',
                valueFrom,
                location: LiveStack.locate(td, property),
                live: true,
              },
              (id) =>
                target
                  ? shapeOfResource(target)
                  : live.unreadable('AWS::SecretsManager::Secret', id)
                    ? 'unknown'
                    : 'missing',
            );
          });
        }
      }
    }
    return out.done();
  },
};
