import { describe, expect, it } from 'vitest';
import { classifyS3Error, S3ConflictError } from './s3Errors';

// Errors as @smithy/node-http-handler and Node raise them.
const socketIdle = Object.assign(new Error('@smithy/node-http-handler - the request socket timed out after 10000 ms of inactivity (configured by client requestHandler).'), { name: 'TimeoutError' });
const wholeRequest = Object.assign(new Error('@smithy/node-http-handler - [ERROR] a request has exceeded the configured 300000 ms requestTimeout.'), { name: 'TimeoutError', code: 'ETIMEDOUT' });
const hangUp = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });

describe('classifyS3Error: stalls', () => {
  it('a timeout or a connection that broke under the request is a stall: retried, on a fresh connection', () => {
    expect(classifyS3Error(socketIdle)).toMatchObject({ retryable: true, unreachable: false, stalled: true, timedOut: true, message: expect.stringMatching(/^S3 stalled/) });
    expect(classifyS3Error(wholeRequest)).toMatchObject({ retryable: true, stalled: true });
    expect(classifyS3Error(hangUp)).toMatchObject({ retryable: true, stalled: true, timedOut: false, message: expect.stringMatching(/^S3 connection failed/) });
  });

  it('a refused connection is offline, and an answer from S3 or a conflict is no stall', () => {
    expect(classifyS3Error(refused)).toMatchObject({ unreachable: true, stalled: false });
    expect(classifyS3Error(Object.assign(new Error('x'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } }))).toMatchObject({ retryable: true, stalled: false, status: 500 });
    expect(classifyS3Error(new S3ConflictError('different object'))).toMatchObject({ retryable: false, stalled: false });
  });
});
