import type { PropertyChange } from '../model/plan.js';
import type { Properties } from '../model/resource.js';
import type { ResourceType } from '../model/resource-type.js';

/**
 * What an update changes beyond the declared properties that differ, for the
 * plan to show: drift compares only what the file declares, yet some writes
 * take away what it leaves out. Each rule here is one a writer carries out,
 * and names it.
 */
type ImpliedBy = (declared: Properties, live: Properties) => PropertyChange[];

const IMPLIED: Partial<Record<ResourceType, ImpliedBy>> = {
  'AWS::CodePipeline::Pipeline': providerKeysDropped,
};

export function impliedChanges(type: ResourceType, declared: Properties, live: Properties): PropertyChange[] {
  return IMPLIED[type]?.(declared, live) ?? [];
}

interface Action {
  readonly Name?: string;
  readonly ActionTypeId?: { readonly Provider?: string };
  readonly Configuration?: Record<string, unknown>;
  readonly InputArtifacts?: unknown;
}
interface Stage {
  readonly Name?: string;
  readonly Actions?: readonly Action[];
}

const stagesOf = (properties: Properties): readonly Stage[] =>
  Array.isArray(properties.Stages) ? (properties.Stages as Stage[]) : [];

/**
 * An action whose provider the file changes keeps none of the old
 * provider's configuration, nor its input artifacts unless declared
 * (`withoutReplacedProviders` in writers/codepipeline-pipeline.ts): moving a
 * deploy action from CodeDeployToECS to ECS drops AppSpecTemplatePath and
 * the rest, which CodePipeline would reject on an ECS action.
 */
function providerKeysDropped(declared: Properties, live: Properties): PropertyChange[] {
  const liveActions = new Map(
    stagesOf(live).flatMap((stage) => (stage.Actions ?? []).map((action) => [`${stage.Name}/${action.Name}`, action])),
  );
  return stagesOf(declared).flatMap((stage) =>
    (stage.Actions ?? []).flatMap((action): PropertyChange[] => {
      const before = liveActions.get(`${stage.Name}/${action.Name}`);
      const provider = action.ActionTypeId?.Provider;
      if (!before || provider === undefined || provider === before.ActionTypeId?.Provider) return [];
      const at = `Stages[${stage.Name}].Actions[${action.Name}]`;
      const declaredKeys = new Set(Object.keys(action.Configuration ?? {}));
      const keys = Object.entries(before.Configuration ?? {})
        .filter(([key]) => !declaredKeys.has(key))
        .map(([key, value]) => ({ path: `${at}.Configuration.${key}`, before: value }));
      const artifacts =
        action.InputArtifacts === undefined && before.InputArtifacts !== undefined
          ? [{ path: `${at}.InputArtifacts`, before: before.InputArtifacts }]
          : [];
      return [...keys, ...artifacts];
    }),
  );
}
