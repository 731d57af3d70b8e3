/** Every key reachable from `start` by `next`, `start` included: the walk both classification and grouping make. */
export function closure(start: Iterable<string>, next: (key: string) => string[]): Set<string> {
  const seen = new Set<string>(start);
  const queue = [...seen];
  while (queue.length > 0) {
    for (const target of next(queue.pop()!)) {
      if (seen.has(target)) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  return seen;
}
