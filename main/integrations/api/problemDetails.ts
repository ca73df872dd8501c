import type { ServerResponse } from 'node:http';

/**
 * RFC 9457 problem details. Every error the API returns is one of these kinds, so a client can
 * branch on `type` and show `detail`. The type URIs are stable names, documented in docs/openapi.yaml.
 */
export const problemTypes = {
  'unauthorized': { status: 401, title: 'Missing or invalid bearer token' },
  'forbidden': { status: 403, title: 'The token lacks the scope for this operation' },
  'not-found': { status: 404, title: 'No such resource' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'not-acceptable': { status: 406, title: 'Not acceptable' },
  'conflict': { status: 409, title: 'The request is not in a state that allows this' },
  'idempotency-conflict': { status: 409, title: 'Idempotency key reused with different content' },
  'gone': { status: 410, title: 'The document no longer exists' },
  'length-required': { status: 411, title: 'Content-Length or chunked body required' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  'malformed-request': { status: 400, title: 'The request body cannot be parsed' },
  'validation-failed': { status: 422, title: 'The request is not valid' },
  'not-a-pdf': { status: 422, title: 'The document is not a PDF' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'internal': { status: 500, title: 'Internal error' },
} as const;

export type ProblemType = keyof typeof problemTypes;

export const problemTypeUri = (type: ProblemType) => `urn:signing-station:problem:${type}`;

export class ApiProblem extends Error {
  constructor(
    readonly type: ProblemType,
    readonly detail: string,
    readonly extra: { headers?: Record<string, string>; errors?: { pointer: string; detail: string }[] } = {},
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
  get status(): number {
    return problemTypes[this.type].status;
  }
}

export function sendProblem(res: ServerResponse, problem: ApiProblem, instance: string): void {
  const body: Record<string, unknown> = {
    type: problemTypeUri(problem.type),
    title: problemTypes[problem.type].title,
    status: problem.status,
    detail: problem.detail,
    instance,
  };
  if (problem.extra.errors?.length) body.errors = problem.extra.errors;
  const text = JSON.stringify(body);
  res.writeHead(problem.status, {
    'content-type': 'application/problem+json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...problem.extra.headers,
  });
  res.end(text);
}
