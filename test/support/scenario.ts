/**
 * Builds, in moto, the guide's hand-built ECS blue/green stack exactly the way
 * the AWS console leaves it (console-named stacks, roles, CodeDeploy app and
 * group, pipeline), under any stack name, plus optional debris and an
 * unrelated decoy stack. Tests assert discovery against the returned facts.
 *
 * The emulator lacks CodeStar Connections: install `recordCodeStarConnections`
 * (./codestar-recorded.ts) with `facts.connection` before discovering.
 */
export { buildConsoleStack } from './scenario/console-stack.js';
export { buildDecoyStack } from './scenario/decoy.js';
export { createDebrisStackWithTopic } from './scenario/debris.js';
export { camelCase } from './scenario/naming.js';
export {
  DEFAULT_SECRET_VALUES,
  KNOWN_SECRET_VALUE,
  type DecoyNames,
  type ExpectedResource,
  type ScenarioConnection,
  type ScenarioFacts,
  type ScenarioNames,
  type ScenarioOptions,
} from './scenario/types.js';
export { buildCloudflareSide, type CloudflareFacts, type CloudflareSideOptions } from './scenario/cloudflare-side.js';
