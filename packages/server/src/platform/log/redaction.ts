// Request logs carry method, url, status and timing; bodies are never logged. These paths
// are redacted in any object that reaches the logger anyway.
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'password', 'token', '*.password', '*.token', 'fields', '*.fields'];

// Query parameters that carry personal data (identity lookups) or secrets; their values never
// reach a log line, only the fact that they were given.
const SENSITIVE_QUERY_PARAMETERS = new Set(['residentid', 'bankcard', 'phone', 'account', 'token', 'code', 'state', 'q']);

export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  const shown = [...params.keys()].map((key) => `${key}=${SENSITIVE_QUERY_PARAMETERS.has(key.toLowerCase()) ? '[redacted]' : params.get(key)}`);
  return `${url.slice(0, queryStart)}?${shown.join('&')}`;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  ip?: string;
  routeOptions?: { url?: string };
}

export function loggerOptions(level: string) {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: LoggedRequest) => ({ method: req.method, url: redactUrl(req.url ?? ''), route: req.routeOptions?.url, remoteAddress: req.ip }),
    },
  };
}
