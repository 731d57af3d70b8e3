import { collect, type Check } from '../check.js';
import { LiveStack } from '../live/live-stack.js';
import { containersOf, taskDefinitionsOf } from '../live/stack-parts.js';
import { asString } from '../util/values.js';
import { ecrRepositoryOfImage } from './rc005-dockerfile-stages.js';

/**
 * Guide, step 3: an ECR repository for each image, left at the defaults —
 * mutable tags, because the build retags `latest` on every run.
 */
export const ecrRepositories: Check = {
  code: 'RC009',
  id: 'ecr-repositories',
  title: 'An ECR repository with mutable tags for each image',
  description:
    "Each image the task runs needs an ECR repository in the stack's account and region, with MUTABLE tags: the build pushes `latest` again on every run, which an IMMUTABLE repository refuses.",
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    const reported = new Set<string>();
    for (const td of taskDefinitionsOf(live)) {
      for (const container of containersOf(td)) {
        const image = asString(container.definition.Image) ?? '';
        const property = `ContainerDefinitions.${container.index}.Image`;
        const name = ecrRepositoryOfImage(image);
        const registry = `${live.account}.dkr.ecr.${live.region}.amazonaws.com/`;
        if (!name || !image.startsWith(registry)) {
          out.warning({
            location: LiveStack.locate(td, property),
            what: `Container ${container.name} runs ${image}, which is not in this account's ECR (${registry}…).`,
            why: "The pipeline builds and pushes to the stack's ECR repositories; this image is never updated by a deploy.",
            fix: {
              text: `Create an ECR repository for it and build it in the buildspec (image ${registry}<name>:<tag>).`,
            },
          });
          continue;
        }
        const repository = live.target(td, property);
        if (!repository) {
          if (live.unreadable('AWS::ECR::Repository', name))
            out.unknown(live.unknownReason('AWS::ECR::Repository', name));
          else {
            out.error({
              location: LiveStack.locate(td, property),
              what: `Container ${container.name} runs ${image}, but ECR repository ${name} does not exist.`,
              why: 'Tasks cannot pull the image, and the build cannot push it.',
              fix: {
                text: `Create repository ${name} with the console defaults (mutable tags).`,
                command: `aws ecr create-repository --repository-name ${name}`,
              },
            });
          }
          continue;
        }
        const mutability = asString(repository.properties.ImageTagMutability);
        if (mutability !== undefined && mutability !== 'MUTABLE' && !reported.has(repository.id)) {
          reported.add(repository.id);
          out.error({
            location: LiveStack.locate(repository, 'ImageTagMutability'),
            what: `ECR repository ${name} has ${mutability} tags.`,
            why: 'The build retags `latest` on every run; an immutable repository refuses the push and the build fails.',
            fix: {
              text: 'Make its tags mutable.',
              value: 'MUTABLE',
              reclaim: { resource: repository.id, type: repository.type, path: 'ImageTagMutability', value: 'MUTABLE' },
              command: `aws ecr put-image-tag-mutability --repository-name ${name} --image-tag-mutability MUTABLE`,
            },
          });
        }
      }
    }
    return out.done();
  },
};
