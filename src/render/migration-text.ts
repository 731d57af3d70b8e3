import {
  ECS_DEPLOY_POLICY,
  INFRASTRUCTURE_POLICY,
  type EcsBlueGreenMigration,
  type MigratedService,
  type NativeStrategy,
} from '../migrate/ecs-blue-green.js';
import { PLAIN, type SummaryStyle } from './summary.js';

export interface MigrationTextOptions {
  /** The file the migrated desired state was written to. */
  readonly out: string;
  readonly stack: string;
  /** The desired file migrated, when it came from one (how to go back). */
  readonly from?: string;
}

function strategyText(strategy: NativeStrategy): string {
  if (strategy.kind === 'LINEAR')
    return `LINEAR (${strategy.stepPercent}% every ${strategy.stepBakeTimeInMinutes} min)`;
  if (strategy.kind === 'CANARY')
    return `CANARY (${strategy.canaryPercent}% for ${strategy.canaryBakeTimeInMinutes} min, then the rest)`;
  return 'BLUE_GREEN (all at once)';
}

/** The printf line a buildspec's post_build writes the image definitions file with. */
export function imageDefinitionsCommand(service: MigratedService): string {
  const { file, containers } = service.imageDefinitions;
  const entries = containers.map((container) => `{"name":"${container.name}","imageUri":"%s"}`).join(',');
  const images = containers.map((container) => `${container.repository}:$IMAGE_TAG`).join(' ');
  return `printf '[${entries}]' ${images} > ${file}`;
}

/**
 * What `reclaim migrate ecs-blue-green` did and what comes next: the steps
 * in the order apply carries them out (the order AWS documents), the
 * buildspec change, what did not carry over, and how to finish or go back.
 */
export function renderMigration(
  migration: EcsBlueGreenMigration,
  options: MigrationTextOptions,
  style: SummaryStyle = PLAIN,
): string {
  const lines = [
    style.bold(`Wrote ${options.out}: ${options.stack} deployed blue/green by ECS itself instead of CodeDeploy.`),
    '',
    style.bold('What apply will do, in this order (the order AWS documents):'),
  ];
  const step = (text: string) =>
    lines.push(`  ${lines.filter((line) => /^ {2}\d+\. /.test(line)).length + 1}. ${text}`);
  const role = migration.infrastructureRole;
  step(
    role.created
      ? `Create the infrastructure role ${role.id}, which ECS assumes to move load balancer traffic (${INFRASTRUCTURE_POLICY}).`
      : `Use the declared infrastructure role ${role.id} for ECS to move load balancer traffic.`,
  );
  for (const service of migration.services) {
    step(
      `Create the listener rule ${service.productionRuleId} (path /*): forward to ${service.productionTargetGroupId} (weight 100, serving now) and ${service.alternateTargetGroupId} (0).`,
    );
    if (service.testRuleId) step(`Create the test listener rule ${service.testRuleId}, forwarding the same way.`);
    step(
      `Update ${service.serviceId} (${service.serviceName}): deployment controller CODE_DEPLOY → ECS, strategy ${strategyText(service.strategy)}, bake time ${service.bakeTimeInMinutes} min, alternate target group ${service.alternateTargetGroupId}.`,
    );
  }
  const grants = migration.pipelineRoleGrants;
  for (const service of migration.services) {
    for (const action of service.deployActions) {
      step(
        `Update the deploy action ${action}: "Amazon ECS" on ${service.imageDefinitions.file} instead of "Amazon ECS (Blue/Green)" on taskdef.json and appspec.yaml${grants.length ? `; the policy ${ECS_DEPLOY_POLICY} on ${grants.join(', ')} lets it call ECS` : ''}.`,
      );
    }
  }
  if (migration.retired.length > 0) {
    step(
      `Stop managing the CodeDeploy ${migration.retired.map((entry) => entry.physicalId).join(' and ')}: listed as debris, for reclaim cleanup once the service has left them.`,
    );
  }

  lines.push('', style.bold('Before the pipeline runs again, change the build:'));
  for (const service of migration.services) {
    if (service.deployActions.length === 0) continue;
    lines.push(
      `  In post_build, write ${service.imageDefinitions.file} (one {name, imageUri} per container the build pushes), e.g.`,
      `    ${imageDefinitionsCommand(service)}`,
      `  and list it under artifacts.files instead of taskdef.json and appspec.yaml. \`reclaim doctor --stack ${options.stack} --repo .\` checks it (RC002).`,
    );
  }

  if (migration.notes.length > 0) {
    lines.push('', style.bold('Not carried over, or to check:'));
    for (const note of migration.notes) lines.push(`  - ${note}`);
  }

  lines.push(
    '',
    style.bold('Next:'),
    `  reclaim plan --desired ${options.out}          review it`,
    `  reclaim apply --desired ${options.out} --yes   carry it out`,
    `  reclaim drift --desired ${options.out}         exits 0 once live is the migrated state`,
    `  reclaim cleanup --stack ${options.stack} --yes     then delete the CodeDeploy application and group`,
    '',
    `If apply stops half way, run the same apply again: it continues from what live has (the listener rule is found by its listener and priority, never created twice).`,
    `To go back, apply the desired state from before${options.from ? ` (${options.from})` : ' (reclaim import writes it; keep a copy before applying)'}: the service returns to the CODE_DEPLOY controller and the pipeline to CodeDeploy. The new listener rule and role are then no longer declared: delete them by hand, or with apply --prune.`,
  );
  return lines.join('\n');
}
