import { collect, type Check, type Collector } from '../check.js';
import { nativeServicesOf } from '../live/native-blue-green.js';
import { LiveStack } from '../live/live-stack.js';
import {
  actionsOf,
  buildProjectsOf,
  containersOf,
  isBuildAction,
  isDeployAction,
  pipelinesOf,
} from '../live/stack-parts.js';
import { artifactFilesOf } from '../repo/buildspec.js';
import { locateIn } from '../repo/locate.js';
import type { RepoFiles } from '../repo/repo-files.js';
import { asDict, asString } from '../util/values.js';

/** Stands in for `**` while single `*` are translated: a private-use character no path contains. */
const GLOBSTAR = '\uE000';

/** A buildspec `artifacts.files` pattern as a regular expression (`**` crosses directories, `*` does not). */
function globToRegExp(glob: string): RegExp {
  const pattern = glob
    .replace(/^\.\//, '')
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\/?/g, GLOBSTAR)
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]')
    .replaceAll(GLOBSTAR, '(?:.*/)?.*');
  return new RegExp(`^${pattern}$`);
}

/**
 * What the deploy action reads from the build artifact: taskdef.json and
 * appspec.yaml for "Amazon ECS (Blue/Green)"; for "Amazon ECS" on a service
 * ECS deploys blue/green itself, the image definitions file (its `FileName`,
 * `imagedefinitions.json` by default): a JSON list of `{name, imageUri}`, one
 * per container.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/file-reference.html#pipelines-create-image-definitions
 */
interface ArtifactNeed {
  readonly files: readonly string[];
  readonly imageDefinitions?: { readonly file: string; readonly containers: readonly string[] };
}

const CODEDEPLOY_FILES: ArtifactNeed = { files: ['taskdef.json', 'appspec.yaml'] };

function checkArtifacts(out: Collector, repo: RepoFiles, need: ArtifactNeed): void {
  const buildspec = repo.buildspec;
  if (!buildspec?.parsed.ok) return;
  const patterns = artifactFilesOf(buildspec.parsed);
  const missing = need.files.filter((file) => !patterns.some((pattern) => globToRegExp(pattern).test(file)));
  if (missing.length === 0) return;
  const definitions = need.imageDefinitions;
  const leftover = ['taskdef.json', 'appspec.yaml'].filter((file) => patterns.includes(file));
  out.error({
    location: locateIn(buildspec, patterns.length ? ['artifacts', 'files'] : ['artifacts'], { key: true }),
    what: `The build artifact does not carry ${missing.join(' and ')} (artifacts.files: ${patterns.length ? patterns.join(', ') : 'none'}).`,
    why: definitions
      ? 'The "Amazon ECS" deploy action of a service ECS deploys blue/green reads the image definitions file from the build artifact; taskdef.json and appspec.yaml were for CodeDeploy.'
      : 'The blue/green deploy action reads taskdef.json and appspec.yaml from the build artifact, not from the source.',
    fix: definitions
      ? {
          text:
            `In ${buildspec.path}, write ${definitions.file} in post_build (one {name, imageUri} per container), e.g.\n` +
            `  printf '[${definitions.containers.map((name) => `{"name":"${name}","imageUri":"%s"}`).join(',')}]' ${definitions.containers.map(() => '<image>:$IMAGE_TAG').join(' ')} > ${definitions.file}\n` +
            `and list it under artifacts.files${leftover.length ? ` instead of ${leftover.join(' and ')}` : ''}.`,
          value: { files: [definitions.file] },
        }
      : {
          text: `List them under artifacts.files in ${buildspec.path}.`,
          value: { files: [...need.files] },
        },
  });
}

/** The files the stack's deploy action needs from the build: the image definitions file for a native service. */
function artifactNeed(live: LiveStack | undefined): ArtifactNeed {
  if (!live) return CODEDEPLOY_FILES;
  const native = nativeServicesOf(live);
  for (const pipeline of pipelinesOf(live)) {
    for (const action of actionsOf(pipeline).filter(isDeployAction)) {
      const serviceName = asString(action.configuration.ServiceName);
      const service = native.find((candidate) => asString(candidate.properties.ServiceName) === serviceName);
      if (action.provider !== 'ECS' || !service) continue;
      const taskDefinition = live.target(service, 'TaskDefinition');
      const containers = taskDefinition ? containersOf(taskDefinition).map((container) => container.name) : [];
      const file = asString(action.configuration.FileName) ?? 'imagedefinitions.json';
      return { files: [file], imageDefinitions: { file, containers } };
    }
  }
  return CODEDEPLOY_FILES;
}

/**
 * Guide, steps 5 and 14: the deploy stage is "Amazon ECS (Blue/Green)"
 * (`CodeDeployToECS`) on the build artifact, with exactly `taskdef.json` and
 * `appspec.yaml`, and "Dynamically update task definition image" left alone;
 * the build project uses the default buildspec (or a path that exists); and
 * the buildspec puts both files into the build artifact.
 */
export const pipelineDeploy: Check = {
  code: 'RC002',
  id: 'pipeline-deploy-action',
  title: 'Blue/green deploy action on the build artifact with taskdef.json and appspec.yaml',
  description:
    'The deploy stage must be Amazon ECS (Blue/Green) reading taskdef.json and appspec.yaml from the build artifact, the build project must use the default buildspec (or a path that exists), and the buildspec must put both files into the artifact.',
  appliesTo: 'both',

  run({ live, repo }) {
    const out = collect(this);
    if (repo) checkArtifacts(out, repo, artifactNeed(live));
    if (!live) return out.done();

    const pipelines = pipelinesOf(live);
    if (pipelines.length === 0) {
      if (live.unreadable('AWS::CodePipeline::Pipeline')) out.unknown('the pipelines could not be listed');
      else out.note('no pipeline carries the stack name: nothing deploys this stack automatically');
      return out.done();
    }
    const nativeNames = new Set(nativeServicesOf(live).map((service) => asString(service.properties.ServiceName)));
    for (const pipeline of pipelines) {
      const actions = actionsOf(pipeline);
      const buildOutputs = new Set(actions.filter(isBuildAction).flatMap((action) => action.outputArtifacts));
      const deploys = actions.filter(isDeployAction);
      if (deploys.length === 0) {
        out.error({
          location: LiveStack.locate(pipeline, 'Stages'),
          what: `Pipeline ${pipeline.physicalId} has no deploy stage: it builds images that nothing deploys.`,
          why: 'The guide adds the deploy stage last (step 14), once the service runs; without it no release reaches ECS.',
          fix: {
            text: 'Add a Deploy stage with provider "Amazon ECS (Blue/Green)" on BuildArtifact, taskdef.json and appspec.yaml.',
          },
        });
      }
      for (const action of deploys) {
        const where = (property: string) => LiveStack.locate(pipeline, `${action.at}.${property}`);
        const change = (property: string, value: unknown) => ({
          resource: pipeline.id,
          type: pipeline.type,
          path: `${action.at}.${property}`,
          value,
        });
        // "Amazon ECS" on a service ECS deploys blue/green itself (July 2025) is right: RC026–RC030 check that setup.
        if (action.provider === 'ECS' && nativeNames.has(asString(action.configuration.ServiceName) ?? '')) continue;
        if (action.provider !== 'CodeDeployToECS') {
          out.error({
            location: where('ActionTypeId.Provider'),
            what: `The deploy action ${action.name} uses provider ${action.provider || '(none)'}, not CodeDeployToECS.`,
            why: 'A service with the CODE_DEPLOY controller is deployed only by the Amazon ECS (Blue/Green) action.',
            fix: {
              text: 'Set the deploy action provider to "Amazon ECS (Blue/Green)".',
              value: 'CodeDeployToECS',
              reclaim: change('ActionTypeId.Provider', 'CodeDeployToECS'),
            },
          });
          continue;
        }
        const config = action.configuration;
        for (const [property, expected, file] of [
          ['TaskDefinitionTemplatePath', 'taskdef.json', repo?.taskdef],
          ['AppSpecTemplatePath', 'appspec.yaml', repo?.appspec],
        ] as const) {
          const value = asString(config[property]);
          if (value === expected) continue;
          const existsInRepo = value !== undefined && repo?.files.includes(value) === true;
          out.add(existsInRepo ? 'warning' : 'error', {
            location: where(`Configuration.${property}`),
            what: `The deploy action's ${property} is ${value === undefined ? 'not set' : `"${value}"`}, not "${expected}".`,
            why: `The guide found that only the exact name ${expected} works reliably${file && !file.exactName ? ` (the repository has ${file.path})` : ''}.`,
            fix: {
              text: `Set ${property} to exactly ${expected}.`,
              value: expected,
              reclaim: change(`Configuration.${property}`, expected),
            },
          });
        }
        for (const property of ['TaskDefinitionTemplateArtifact', 'AppSpecTemplateArtifact'] as const) {
          const artifact = asString(config[property]);
          const fromBuild = artifact !== undefined && buildOutputs.has(artifact);
          const input = artifact !== undefined && action.inputArtifacts.includes(artifact);
          if (fromBuild && input) continue;
          const buildArtifact = [...buildOutputs][0] ?? 'BuildArtifact';
          out.error({
            location: where(`Configuration.${property}`),
            what: `The deploy action reads ${property.replace('TemplateArtifact', '')} from ${artifact ? `"${artifact}"` : 'no artifact'}${fromBuild ? ', which is not one of its input artifacts' : ', not from the build output'}.`,
            why: 'The task definition with the freshly built image tags exists only in the build artifact.',
            fix: {
              text: `Use the build's output artifact ${buildArtifact} for ${property}, and list it as an input artifact.`,
              value: buildArtifact,
              reclaim: change(`Configuration.${property}`, buildArtifact),
            },
          });
        }
        const imageOverrides = Object.keys(config).filter((key) =>
          /^Image\dArtifactName$|^Image\dContainerName$/.test(key),
        );
        if (imageOverrides.length > 0) {
          out.warning({
            location: where(`Configuration.${imageOverrides[0]!}`),
            what: `"Dynamically update task definition image" is set (${imageOverrides.join(', ')}).`,
            why: 'The buildspec already writes the image tags into taskdef.json; a second substitution fights it.',
            fix: { text: 'Remove the Image*ArtifactName / Image*ContainerName settings from the deploy action.' },
          });
        }
      }
    }

    for (const project of buildProjectsOf(live)) {
      const buildspec = asString(asDict(project.properties.Source)?.BuildSpec);
      if (buildspec === undefined || buildspec === 'buildspec.yml') continue;
      const inline = buildspec.includes('\n') || /^\s*version\s*:/.test(buildspec);
      if (!inline && repo === undefined) {
        out.note(`${project.physicalId} names buildspec "${buildspec}"; pass --repo to check that it exists`);
        continue;
      }
      if (!inline && repo?.files.includes(buildspec)) continue;
      out.add(inline ? 'warning' : 'error', {
        location: LiveStack.locate(project, 'Source.BuildSpec'),
        what: inline
          ? `Build project ${project.physicalId} carries an inline buildspec instead of the repository's buildspec.yml.`
          : `Build project ${project.physicalId} names buildspec "${buildspec}", which the repository does not have.`,
        why: 'The guide leaves the buildspec name empty: non-default names caused mysterious pipeline failures.',
        fix: {
          text: 'Clear the buildspec name so that CodeBuild reads buildspec.yml from the repository root.',
          reclaim: { resource: project.id, type: project.type, path: 'Source.BuildSpec', value: null },
        },
      });
    }
    return out.done();
  },
};
