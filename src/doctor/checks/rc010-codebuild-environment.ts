import { collect, type Check } from '../check.js';
import { LiveStack } from '../live/live-stack.js';
import { buildProjectsOf } from '../live/stack-parts.js';
import { asDict, asNumber, asString } from '../util/values.js';

export const GUIDE_BUILD_IMAGE = 'aws/codebuild/amazonlinux2-x86_64-standard:4.0';
/** The guide's builds run under 3 minutes: 10 leaves room and stops a hung build early. */
export const GUIDE_TIMEOUT_MINUTES = 10;

/**
 * Guide, step 5 (build project): privileged mode on (docker builds need it),
 * the amazonlinux2-x86_64-standard:4.0 image (not the default), at most one
 * concurrent build, a timeout, and CloudWatch logs on.
 */
export const codebuildEnvironment: Check = {
  code: 'RC010',
  id: 'codebuild-environment',
  title: 'CodeBuild: privileged, standard:4.0 image, one build at a time, a timeout, logs on',
  description:
    'The build project needs privileged mode for docker builds, the amazonlinux2-x86_64-standard:4.0 image the guide pins (not the default), a concurrent build limit of 1, a short timeout and CloudWatch logs.',
  appliesTo: 'live',

  run({ live }) {
    const out = collect(this);
    if (!live) return out.done();
    const projects = buildProjectsOf(live);
    if (projects.length === 0) return out.skip('no build project');
    for (const project of projects) {
      const properties = project.properties;
      const environment = asDict(properties.Environment) ?? {};
      const change = (path: string, value: unknown) => ({ resource: project.id, type: project.type, path, value });
      const at = (path: string) => LiveStack.locate(project, path);
      if (environment.PrivilegedMode !== true) {
        out.error({
          location: at('Environment.PrivilegedMode'),
          what: `Build project ${project.physicalId} runs without privileged mode.`,
          why: 'docker build needs the Docker daemon, which CodeBuild starts only in privileged mode: every build fails.',
          fix: {
            text: 'Turn on privileged mode ("Enable this flag…").',
            value: true,
            reclaim: change('Environment.PrivilegedMode', true),
          },
        });
      }
      const image = asString(environment.Image);
      if (image !== GUIDE_BUILD_IMAGE) {
        out.warning({
          location: at('Environment.Image'),
          what: `Build project ${project.physicalId} uses image ${image ?? '(none)'}, not ${GUIDE_BUILD_IMAGE}.`,
          why: 'The guide found the console default image broke the build; standard:4.0 is the one that works.',
          fix: {
            text: `Set the image to ${GUIDE_BUILD_IMAGE}.`,
            value: GUIDE_BUILD_IMAGE,
            reclaim: change('Environment.Image', GUIDE_BUILD_IMAGE),
          },
        });
      }
      const limit = asNumber(properties.ConcurrentBuildLimit);
      if (limit !== 1) {
        out.warning({
          location: at('ConcurrentBuildLimit'),
          what: `Build project ${project.physicalId} ${limit === undefined ? 'has no concurrent build limit' : `allows ${limit} concurrent builds`}.`,
          why: 'Two builds at once race to retag `latest` and write taskdef.json; the guide restricts it to 1.',
          fix: { text: 'Restrict concurrent builds to 1.', value: 1, reclaim: change('ConcurrentBuildLimit', 1) },
        });
      }
      const timeout = asNumber(properties.TimeoutInMinutes);
      if (timeout === undefined || timeout === 0) {
        out.warning({
          location: at('TimeoutInMinutes'),
          what: `Build project ${project.physicalId} has no timeout.`,
          why: 'A hung build holds the only build slot until CodeBuild gives up.',
          fix: {
            text: `Set the timeout to ${GUIDE_TIMEOUT_MINUTES} minutes.`,
            value: GUIDE_TIMEOUT_MINUTES,
            reclaim: change('TimeoutInMinutes', GUIDE_TIMEOUT_MINUTES),
          },
        });
      } else if (timeout >= 60) {
        out.hardening({
          location: at('TimeoutInMinutes'),
          what: `Build project ${project.physicalId} times out after ${timeout} minutes.`,
          why: "A hung build is billed (and blocks the pipeline) for the whole timeout; the guide's builds take under 3.",
          fix: {
            text: `Reduce the timeout to ${GUIDE_TIMEOUT_MINUTES} minutes.`,
            value: GUIDE_TIMEOUT_MINUTES,
            reclaim: change('TimeoutInMinutes', GUIDE_TIMEOUT_MINUTES),
          },
        });
      }
      const logs = asDict(properties.LogsConfig) ?? {};
      const cloudWatch = asString(asDict(logs.CloudWatchLogs)?.Status);
      const s3 = asString(asDict(logs.S3Logs)?.Status);
      // CodeBuild logs to CloudWatch unless told otherwise (no LogsConfig at all means ENABLED).
      if (cloudWatch === 'DISABLED' && s3 !== 'ENABLED') {
        out.warning({
          location: at('LogsConfig.CloudWatchLogs.Status'),
          what: `Build project ${project.physicalId} keeps no build logs.`,
          why: 'A failed build can then not be debugged: the guide checks the build logs after every run.',
          fix: {
            text: `Enable CloudWatch logs (the guide names the group ${live.snapshot.stack} and the stream codebuild).`,
            value: 'ENABLED',
            reclaim: change('LogsConfig.CloudWatchLogs.Status', 'ENABLED'),
          },
        });
      }
    }
    return out.done();
  },
};
