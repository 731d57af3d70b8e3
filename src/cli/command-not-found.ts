import { Errors, type Hook } from '@oclif/core';
import { closest } from '../util/edit-distance.js';

/**
 * oclif's `command_not_found` hook: an unknown command, or a known one given
 * an argument it does not take, exits 1 (2 means "something to act on") with
 * the nearest command, the did-you-mean `@oclif/plugin-not-found` would offer,
 * without its interactive prompt: reclaim runs in CI as often as by hand.
 */
const commandNotFound: Hook<'command_not_found'> = async function ({ id, config }) {
  const ids = config.commandIDs;
  const words = id.split(':');
  // With a space as topic separator, `reclaim drift extra` arrives as the id `drift:extra`.
  for (let known = words.length - 1; known > 0; known -= 1) {
    const command = words.slice(0, known).join(':');
    if (!ids.includes(command)) continue;
    throw new Errors.CLIError(`Unexpected argument: ${words.slice(known).join(' ')}`, {
      exit: 1,
      suggestions: [`\`reclaim ${command.replaceAll(':', ' ')}\` takes flags only: see its --help.`],
    });
  }
  const nearest = closest(id, ids);
  throw new Errors.CLIError(`\`${words.join(' ')}\` is not a reclaim command.`, {
    exit: 1,
    suggestions: [
      ...(nearest ? [`Did you mean \`reclaim ${nearest.replaceAll(':', ' ')}\`?`] : []),
      `The commands: ${[...ids].sort().join(', ')}. See \`reclaim --help\`.`,
    ],
  });
};

export default commandNotFound;
