import { collect, type Check } from '../check.js';
import { dockerBuildsOf } from '../repo/buildspec.js';
import { atLine, fileOnly, locateIn, repoContainersOf } from '../repo/locate.js';
import { asString } from '../util/values.js';

/** `123456789012.dkr.ecr.us-east-2.amazonaws.com/bash-dog-api:latest` → `bash-dog-api`; images not in ECR → undefined. */
export function ecrRepositoryOfImage(image: string): string | undefined {
  const match = /^[^/]+\.dkr\.ecr\.[^/]+\.amazonaws\.com(?:\.cn)?\/([^:@]+)/.exec(image);
  return match?.[1];
}

/** A stage is named after an image when the repository is the stage's name, or ends in `-name` (`bash-dog-api` ← `api`). */
export const stageMatches = (repository: string, stage: string): boolean =>
  repository === stage || [`-${stage}`, `_${stage}`, `/${stage}`].some((suffix) => repository.endsWith(suffix));

/**
 * Guide, step 2: one Dockerfile holds every image, each as a stage named after
 * the service (`FROM python:3.12 AS api` for `bash-dog-api`), and the
 * buildspec builds each with `docker build --target NAME`.
 * https://docs.docker.com/build/building/multi-stage/#stop-at-a-specific-build-stage
 */
export const dockerfileStages: Check = {
  code: 'RC005',
  id: 'dockerfile-stages',
  title: 'A Dockerfile stage per image, each built with --target',
  description:
    'Each image the task runs from ECR must be a stage of the one Dockerfile named after its service (FROM … AS api for bash-dog-api), and the buildspec must build each with docker build --target NAME.',
  appliesTo: 'repo',

  run({ repo }) {
    const out = collect(this);
    if (!repo?.taskdef?.parsed.ok) return out.skip('no readable taskdef.json');
    const taskdef = repo.taskdef;
    const images = repoContainersOf(repo.taskdef.parsed)
      .map((container) => ({ container, repository: ecrRepositoryOfImage(asString(container.definition.image) ?? '') }))
      .filter((entry): entry is typeof entry & { repository: string } => entry.repository !== undefined);
    if (images.length === 0) return out.skip('taskdef.json runs no image from ECR');
    const dockerfile = repo.dockerfile;
    if (!dockerfile) {
      out.error({
        location: fileOnly('Dockerfile'),
        what: `There is no Dockerfile at the repository root to build ${images.map((i) => i.repository).join(', ')} from.`,
        why: 'The guide builds every image from one Dockerfile at the root, one stage per service.',
        fix: { text: 'Add a Dockerfile with one `FROM … AS <service>` stage per image.' },
      });
      return out.done();
    }
    const stages = dockerfile.stages.map((stage) => stage.name).filter((name): name is string => name !== undefined);
    const stageList = stages.length ? stages.join(', ') : 'none named';
    const buildspec = repo.buildspec?.parsed.ok ? repo.buildspec : undefined;
    const builds = buildspec?.parsed.ok ? dockerBuildsOf(buildspec.parsed) : [];
    const targets = new Set(
      builds.map((build) => build.target?.toLowerCase()).filter((t): t is string => t !== undefined),
    );
    const unresolved = builds.filter((build) => build.unresolvedTarget !== undefined);
    for (const build of unresolved) {
      out.note(`${buildspec!.path}:${build.line}: could not resolve --target ${build.unresolvedTarget!}`);
    }

    const warnedLines = new Set<number>();
    for (const build of builds) {
      if (build.target !== undefined && !stages.includes(build.target.toLowerCase())) {
        out.error({
          location: atLine(buildspec!.path, build.line),
          what: `docker build --target ${build.target}: ${dockerfile.path} has no stage named "${build.target}" (stages: ${stageList}).`,
          why: 'docker build stops with "target stage could not be found" and the build fails.',
          fix: {
            text: `Add a stage \`FROM <base image> AS ${build.target}\` to ${dockerfile.path}, or build an existing stage.`,
          },
        });
      } else if (build.target === undefined && build.unresolvedTarget === undefined && !warnedLines.has(build.line)) {
        warnedLines.add(build.line);
        out.warning({
          location: atLine(buildspec!.path, build.line),
          what: 'docker build without --target builds only the last stage of the Dockerfile.',
          why: 'Every image would be the same (last) stage, whatever its tag says.',
          fix: { text: 'Add --target <stage> to each docker build.' },
        });
      }
    }

    for (const { container, repository } of images) {
      const stage = stages.find((name) => stageMatches(repository.toLowerCase(), name));
      if (!stage) {
        // A build that targets the stage this image needs is reported above, at its line.
        if ([...targets].some((target) => stageMatches(repository.toLowerCase(), target.toLowerCase()))) continue;
        out.error({
          location: locateIn(taskdef, [...container.path, 'image']),
          what: `No stage of ${dockerfile.path} is named after image ${repository} (stages: ${stageList}).`,
          why: 'The guide builds each image as the Dockerfile stage named after its service; this one is never built.',
          fix: {
            text: `Add a stage \`FROM <base image> AS ${repository.split(/[-_/]/).pop()}\` to ${dockerfile.path}.`,
          },
        });
        continue;
      }
      if (!buildspec || targets.has(stage) || unresolved.length > 0) continue;
      out.error({
        location: locateIn(buildspec, ['phases'], { key: true }),
        what: `${buildspec.path} never runs docker build --target ${stage} for image ${repository}.`,
        why: 'The image is never rebuilt, so deploys keep running the old one.',
        fix: { text: `Build it: docker build --target ${stage} -t $REGISTRY/${repository}:$IMAGE_TAG .` },
      });
    }
    return out.done();
  },
};
