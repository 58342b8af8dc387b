// Request logs carry method, url, status and timing; bodies are never logged. These paths
// are redacted in any object that reaches the logger anyway.
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
  'token',
  '*.password',
  '*.token',
  'fields',
  '*.fields',
];

export function loggerOptions(level: string) {
  return { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
}
