import type { Resource } from '../../model/resource.js';
import { asDict, asList, asString, type Dict } from '../util/values.js';
import type { LiveStack } from './live-stack.js';

/** One action of a pipeline, with the property path it sits at (`Stages.2.Actions.0`). */
export interface PipelineAction {
  readonly stage: string;
  readonly at: string;
  readonly name: string;
  readonly category: string;
  readonly owner: string;
  readonly provider: string;
  readonly configuration: Dict;
  readonly inputArtifacts: string[];
  readonly outputArtifacts: string[];
}

export function actionsOf(pipeline: Resource): PipelineAction[] {
  return asList(pipeline.properties.Stages).flatMap((stage, i) => {
    const stageDict = asDict(stage) ?? {};
    return asList(stageDict.Actions).map((action, j): PipelineAction => {
      const a = asDict(action) ?? {};
      const type = asDict(a.ActionTypeId) ?? {};
      const names = (list: unknown) =>
        asList(list)
          .map((item) => asString(asDict(item)?.Name))
          .filter((name): name is string => name !== undefined);
      return {
        stage: asString(stageDict.Name) ?? `stage ${i}`,
        at: `Stages.${i}.Actions.${j}`,
        name: asString(a.Name) ?? `action ${j}`,
        category: asString(type.Category) ?? '',
        owner: asString(type.Owner) ?? '',
        provider: asString(type.Provider) ?? '',
        configuration: asDict(a.Configuration) ?? {},
        inputArtifacts: names(a.InputArtifacts),
        outputArtifacts: names(a.OutputArtifacts),
      };
    });
  });
}

export const isSourceAction = (action: PipelineAction) => action.category === 'Source';
export const isBuildAction = (action: PipelineAction) => action.category === 'Build' && action.provider === 'CodeBuild';
export const isDeployAction = (action: PipelineAction) => action.category === 'Deploy';

/** The live pipelines of the stack. */
export const pipelinesOf = (live: LiveStack): Resource[] => live.resources('AWS::CodePipeline::Pipeline');

/** The build projects the pipelines run; every live project when there is no pipeline. */
export function buildProjectsOf(live: LiveStack): Resource[] {
  const pipelines = pipelinesOf(live);
  if (pipelines.length === 0) return live.resources('AWS::CodeBuild::Project');
  const projects = pipelines.flatMap((pipeline) =>
    actionsOf(pipeline)
      .filter(isBuildAction)
      .flatMap((action) => live.targets(pipeline, `${action.at}.Configuration.ProjectName`)),
  );
  return unique(projects);
}

/**
 * The deployment groups the stack deploys with: those the pipelines' deploy actions
 * name, or, without a pipeline that names one, the groups that name a live service.
 * A stray group in the same application is not one of them (check RC018 reports it).
 */
export function deployingGroupsOf(live: LiveStack): Resource[] {
  const named = unique(
    pipelinesOf(live).flatMap((pipeline) =>
      actionsOf(pipeline)
        .filter(isDeployAction)
        .flatMap((action) => live.targets(pipeline, `${action.at}.Configuration.DeploymentGroupName`)),
    ),
  );
  if (named.length > 0) return named;
  // A service ECS deploys itself is not deployed through a group that still names it (check RC030 reports that group).
  const deployedByCodeDeploy = live
    .resources('AWS::ECS::Service')
    .filter((service) => asString(asDict(service.properties.DeploymentController)?.Type) !== 'ECS');
  return unique(deployedByCodeDeploy.flatMap((service) => live.sources(service, /^ECSServices\.\d+$/))).filter(
    (group) => group.type === 'AWS::CodeDeploy::DeploymentGroup' && !group.orphan,
  );
}

export const servicesOf = (live: LiveStack): Resource[] => live.resources('AWS::ECS::Service');

export const taskDefinitionOf = (live: LiveStack, service: Resource): Resource | undefined =>
  live.target(service, 'TaskDefinition');

/** The task definitions the live services run. */
export function taskDefinitionsOf(live: LiveStack): Resource[] {
  return unique(
    servicesOf(live)
      .map((service) => taskDefinitionOf(live, service))
      .filter((td): td is Resource => td !== undefined),
  );
}

/** The production listeners of a deployment group. */
export const prodListenersOf = (live: LiveStack, group: Resource): Resource[] =>
  live.targets(group, /^LoadBalancerInfo\.TargetGroupPairInfoList\.\d+\.ProdTrafficRoute\.ListenerArns\.\d+$/);

export interface Container {
  readonly index: number;
  readonly name: string;
  readonly definition: Dict;
}

export function containersOf(taskDefinition: Resource): Container[] {
  return asList(taskDefinition.properties.ContainerDefinitions).map((definition, index) => {
    const dict = asDict(definition) ?? {};
    return { index, name: asString(dict.Name) ?? `container ${index}`, definition: dict };
  });
}

export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
