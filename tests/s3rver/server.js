'use strict';
// s3rver as the tests' S3-compatible server, with the two things stock s3rver gets wrong for us
// (see docs/s3-notes.md):
//  - it ignores conditional writes: PUT with If-None-Match: * or a stale If-Match overwrites. R2 and
//    S3 answer 412 PreconditionFailed. This middleware, ahead of s3rver's router, evaluates them and
//    serializes requests per key, so of two racing writers exactly one wins, as on R2.
//  - it stores aws-chunked bodies verbatim (chunk signatures and all). We answer 501 instead, so a
//    client misconfiguration fails loudly instead of corrupting data.
// Usage: node --openssl-legacy-provider server.js <data-dir> [bucket...]
// Prints "S3rver listening on 127.0.0.1:<port>" once ready; exits when stdin closes (its parent died).
const S3rver = require('s3rver');

const [directory, ...buckets] = process.argv.slice(2);
if (!directory) {
  console.error('usage: server.js <data-dir> [bucket...]');
  process.exit(2);
}

const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  directory,
  silent: true,
  configureBuckets: (buckets.length ? buckets : ['layers-test']).map(name => ({ name })),
});

const queues = new Map();
function serialize(key, work) {
  const previous = queues.get(key) || Promise.resolve();
  const current = previous.catch(() => {}).then(work);
  const tail = current.catch(() => {});
  queues.set(key, tail);
  tail.then(() => { if (queues.get(key) === tail) queues.delete(key); });
  return current;
}

function fail(ctx, status, code, message) {
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

async function conditionalWrites(ctx, next) {
  const isChunked = /aws-chunked/i.test(ctx.get('content-encoding'))
    || /^STREAMING-/i.test(ctx.get('x-amz-content-sha256'));
  if (ctx.method === 'PUT' && isChunked) {
    return fail(ctx, 501, 'NotImplemented', 'aws-chunked uploads are refused by the test server: set UseChunkEncoding = false');
  }
  const match = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
  if (!match) return next();
  const bucket = match[1];
  const key = decodeURIComponent(match[2]);
  return serialize(`${bucket}/${key}`, async () => {
    const ifNoneMatch = ctx.get('if-none-match');
    const ifMatch = ctx.get('if-match');
    if (ctx.method === 'PUT' && (ifNoneMatch || ifMatch)) {
      const exists = await ctx.store.existsObject(bucket, key);
      if (ifNoneMatch === '*' && exists) {
        return fail(ctx, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
      }
      if (ifMatch) {
        const current = exists ? (await ctx.store.getMetadata(bucket, key)).etag : null;
        if (current !== ifMatch) {
          return fail(ctx, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
        }
      }
    }
    await next();
  });
}

// Koa composes app.middleware at callback() time; the router is the last entry.
server.middleware.splice(server.middleware.length - 1, 0, conditionalWrites);

server.run().then(({ port }) => {
  console.log(`S3rver listening on 127.0.0.1:${port}`);
}, error => {
  console.error(error);
  process.exit(1);
});

process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
