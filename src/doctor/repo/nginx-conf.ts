/**
 * Reads the hosts an nginx configuration sends traffic to (`proxy_pass` and
 * the other `*_pass` directives, `upstream` servers) and the host names it
 * serves (`server_name`), each with its line. A tokenizer, not a full parser:
 * comments, quoting, blocks and `;` are honoured, includes are not followed.
 * https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass
 */

export interface NginxTarget {
  /** `proxy_pass`, `fastcgi_pass`, …, or `server` inside an `upstream` block. */
  readonly directive: string;
  /** The host as written (`api`, `localhost`, `${API_HOST}`), or an upstream's name. */
  readonly host: string;
  readonly port?: number;
  readonly line: number;
  readonly column: number;
  /** The upstream block it belongs to, for `server` lines. */
  readonly upstream?: string;
}

export interface NginxConf {
  readonly path: string;
  readonly targets: readonly NginxTarget[];
  readonly serverNames: ReadonlyArray<{ readonly name: string; readonly line: number }>;
  readonly upstreams: readonly string[];
}

interface Token {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let column = 1;
  let i = 0;
  const advance = (n: number) => {
    for (let k = 0; k < n; k += 1) {
      if (text[i] === '\n') {
        line += 1;
        column = 1;
      } else column += 1;
      i += 1;
    }
  };
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) advance(1);
    else if (c === '#') while (i < text.length && text[i] !== '\n') advance(1);
    else if (c === '{' || c === '}' || c === ';') {
      tokens.push({ text: c, line, column });
      advance(1);
    } else if (c === '"' || c === "'") {
      const start = { line, column };
      let value = '';
      advance(1);
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) advance(1);
        value += text[i];
        advance(1);
      }
      advance(1);
      tokens.push({ text: value, ...start });
    } else {
      const start = { line, column };
      let value = '';
      while (i < text.length && !/[\s{};#]/.test(text[i]!)) {
        value += text[i];
        advance(1);
      }
      tokens.push({ text: value, ...start });
    }
  }
  return tokens;
}

/** `http://api:8000/x` → {host: 'api', port: 8000}; `unix:/sock` → undefined. */
function hostOf(address: string): { host: string; port?: number } | undefined {
  const withoutScheme = address.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  if (/^unix:/i.test(withoutScheme)) return undefined;
  const hostPort = withoutScheme.split('/')[0]!;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPort);
  if (bracketed) return { host: bracketed[1]!, ...(bracketed[2] ? { port: Number(bracketed[2]) } : {}) };
  const match = /^(.*?)(?::(\d+))?$/.exec(hostPort);
  if (!match || !match[1]) return undefined;
  return { host: match[1], ...(match[2] ? { port: Number(match[2]) } : {}) };
}

const PASS_DIRECTIVES = new Set([
  'proxy_pass',
  'fastcgi_pass',
  'uwsgi_pass',
  'scgi_pass',
  'grpc_pass',
  'memcached_pass',
]);

export function parseNginxConf(path: string, text: string): NginxConf {
  const tokens = tokenize(text);
  const targets: NginxTarget[] = [];
  const serverNames: Array<{ name: string; line: number }> = [];
  const upstreams: string[] = [];
  const blocks: string[][] = [];
  let statement: Token[] = [];
  for (const token of tokens) {
    if (token.text === '{') {
      blocks.push(statement.map((t) => t.text));
      statement = [];
    } else if (token.text === '}') {
      blocks.pop();
      statement = [];
    } else if (token.text === ';') {
      const [directive, ...args] = statement;
      const block = blocks[blocks.length - 1];
      if (directive && PASS_DIRECTIVES.has(directive.text) && args[0]) {
        const target = hostOf(args[0].text);
        if (target) targets.push({ directive: directive.text, ...target, line: args[0].line, column: args[0].column });
      } else if (directive?.text === 'server' && block?.[0] === 'upstream' && args[0]) {
        const target = hostOf(args[0].text);
        if (target) {
          targets.push({
            directive: 'server',
            ...target,
            line: args[0].line,
            column: args[0].column,
            ...(block[1] ? { upstream: block[1] } : {}),
          });
        }
      } else if (directive?.text === 'server_name') {
        for (const arg of args) serverNames.push({ name: arg.text, line: arg.line });
      }
      statement = [];
    } else {
      statement.push(token);
    }
    if (token.text === '{' && blocks[blocks.length - 1]?.[0] === 'upstream') {
      const name = blocks[blocks.length - 1]![1];
      if (name) upstreams.push(name);
    }
  }
  return { path, targets, serverNames, upstreams };
}
