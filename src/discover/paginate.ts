import type { DiscoveryContext } from './kind-handler.js';

/**
 * Fetches every page of a listing, each page through the run's limiter (the
 * SDK's own paginators would bypass it). Empty-string tokens end the listing:
 * some endpoints send `""` rather than omitting the token.
 */
export async function allPages<Page>(
  ctx: Pick<DiscoveryContext, 'limit'>,
  fetchPage: (token: string | undefined) => Promise<Page>,
  nextToken: (page: Page) => string | undefined,
): Promise<Page[]> {
  const pages: Page[] = [];
  let token: string | undefined;
  do {
    const page = await ctx.limit(() => fetchPage(token));
    pages.push(page);
    token = nextToken(page) || undefined;
  } while (token);
  return pages;
}
