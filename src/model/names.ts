/**
 * Name matching by tokens. Console-built resources spell the stack's name many
 * ways (`bash-dog`, `bashDog`, `AppECS-bash-dog-bash-dog`), so names are split
 * on separators and camelCase and compared token by token: `bash-dog` matches
 * `bashDogExecutionRoleForECS` but not `bash-doghouse`.
 */

/** Splits a name into its words, keeping each word's original case. */
export function splitWords(name: string): string[] {
  return name
    .split(/[^A-Za-z0-9]+/)
    .flatMap((part) => part.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+[a-z]*/g) ?? [])
    .filter((word) => word.length > 0);
}

/** The lower-cased words of a name: what matching compares. */
export function tokenize(name: string): string[] {
  return splitWords(name).map((word) => word.toLowerCase());
}

/** Index of the first run of `needle` inside `haystack`, or -1. */
function indexOfRun(haystack: readonly string[], needle: readonly string[]): number {
  if (needle.length === 0) return -1;
  outer: for (let start = 0; start + needle.length <= haystack.length; start += 1) {
    for (let offset = 0; offset < needle.length; offset += 1) {
      if (haystack[start + offset] !== needle[offset]) continue outer;
    }
    return start;
  }
  return -1;
}

/** A compiled stack name that tests resource names for membership by token. */
export class NameMatcher {
  readonly tokens: readonly string[];

  constructor(readonly stackName: string) {
    this.tokens = tokenize(stackName);
    if (this.tokens.length === 0) throw new Error(`stack name "${stackName}" has no letters or digits to match by`);
  }

  matches(name: string): boolean {
    return indexOfRun(tokenize(name), this.tokens) >= 0;
  }

  /** The words of `name` with every run of the stack name taken out: `bash-dog-build-project` → `build`, `project`. */
  wordsWithoutStack(name: string): string[] {
    const words = splitWords(name);
    const lowered = words.map((word) => word.toLowerCase());
    const kept: string[] = [];
    for (let index = 0; index < words.length;) {
      if (indexOfRun(lowered.slice(index, index + this.tokens.length), this.tokens) === 0) {
        index += this.tokens.length;
      } else {
        kept.push(words[index]!);
        index += 1;
      }
    }
    return kept;
  }
}
