/**
 * How long the sync waits on S3 before it calls a request stalled. A stalled request fails its
 * attempt, its socket is destroyed, the pool's idle sockets are dropped (see connectionPool.ts),
 * and the retry goes out on a fresh connection after a backoff.
 *
 *  - connectMs 4 s: a TCP connect is one round trip; Linux resends a lost SYN after 1 s and again
 *    after 3 s, so 4 s allows two resends on a lossy branch line and no more.
 *  - idleMs 10 s: no byte moving in either direction on the socket (the SDK's socketTimeout), while
 *    the body goes out or while the answer is awaited. A slow line still moves bytes, so this does
 *    not cut slow uploads; the longest silence a healthy server leaves is its own processing of one
 *    PUT (write, checksums) before it answers: typically well under a second on AWS; the slowest whole
 *    200 KB upload bench/vaultBench.ts saw against radosgw on its shared two-core machine at a
 *    load average of 12-22 (two runs) was 1.96 s, so 10 s is five times that. S3 itself answers RequestTimeout
 *    to a client that sends nothing for a while (commonly reported as about 20 s).
 *  - requestMs 5 min: the whole request, a last bound for a connection that trickles a byte now and
 *    then. A 16 MiB single PUT (the multipart threshold) needs 0.45 Mbit/s to fit in it; the old
 *    60 s bound was both too long to notice a stall and too short for a slow line.
 *  - idleSocketMs 4 s: how long a kept-alive socket may wait in the pool for its next request.
 *    Servers close idle keep-alive connections on their own clock (radosgw's beast after 65 s,
 *    Node servers after 5 s, load balancers anywhere from 4 s to 350 s; NAT boxes drop flows
 *    silently). Reusing one at the moment it is closed fails the request (reset or silence), so the
 *    pool lets idle sockets go first; during a drain sockets are reused within milliseconds.
 */
export interface S3Timeouts {
  connectMs: number;
  idleMs: number;
  requestMs: number;
  idleSocketMs: number;
}

export const defaultS3Timeouts: S3Timeouts = { connectMs: 4_000, idleMs: 10_000, requestMs: 5 * 60_000, idleSocketMs: 4_000 };
