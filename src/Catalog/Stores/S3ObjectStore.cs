using System.Net;
using System.Runtime.InteropServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Layers.Catalog.Stores;

/// <summary>Where an S3-compatible store is and how to sign for it.</summary>
public sealed record S3StoreOptions(string Bucket, string Prefix, string? ServiceUrl, string Region, string? AccessKey, string? SecretKey);

/// <summary>
/// A store behind the S3 API: Cloudflare R2 in production, s3rver in tests. Conditional writes map to
/// PUT with <c>If-None-Match: *</c> (create-only) and <c>If-Match: etag</c> (compare-and-swap); R2 and S3
/// answer 412 when the condition fails, and S3 may answer 409 to a concurrent conditional write.
/// </summary>
public sealed class S3ObjectStore : IObjectStore
{
    private readonly AmazonS3Client _client;
    private readonly S3StoreOptions _options;
    private readonly bool _https;

    public S3ObjectStore(S3StoreOptions options)
    {
        _options = options;
        var config = new AmazonS3Config
        {
            // Path-style: R2 and s3rver both take it, and bucket names never need to be DNS-safe.
            ForcePathStyle = true,
            AuthenticationRegion = options.Region,
            // SDK v4 adds CRC checksums to every request and validates them on every response by default.
            // R2 has answered 501 to x-amz-checksum-* headers, and s3rver does not return them: only send
            // and check checksums where an operation requires them. Our own SHA-256 guards the blobs.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = TimeSpan.FromSeconds(60),
            MaxErrorRetry = 3,
        };
        if (options.ServiceUrl is not null)
        {
            config.ServiceURL = options.ServiceUrl;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }
        _https = config.ServiceURL is null || config.ServiceURL.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        _client = options.AccessKey is not null && options.SecretKey is not null
            ? new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config)
            : new AmazonS3Client(config);
    }

    public string Description => $"s3://{_options.Bucket}/{_options.Prefix} at {_options.ServiceUrl ?? _options.Region}";

    public async Task<ObjectRead> ReadAsync(string key, long maxBytes, string? ifNoneMatch = null, CancellationToken cancellationToken = default)
    {
        var request = new GetObjectRequest { BucketName = _options.Bucket, Key = FullKey(key), EtagToNotMatch = ifNoneMatch };
        try
        {
            using var response = await _client.GetObjectAsync(request, cancellationToken);
            if (response.ContentLength > maxBytes)
            {
                throw new ObjectTooLargeException(key, maxBytes);
            }
            byte[] content = new byte[response.ContentLength];
            await response.ResponseStream.ReadExactlyAsync(content, cancellationToken);
            // A body longer than its Content-Length would be a broken server; refuse rather than truncate.
            if (await response.ResponseStream.ReadAsync(new byte[1], cancellationToken) != 0)
            {
                throw new ObjectTooLargeException(key, response.ContentLength);
            }
            return new ObjectRead(ReadStatus.Found, content, response.ETag);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotModified)
        {
            return ObjectRead.NotModified;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            ThrowIfNoBucket(e);
            return ObjectRead.NotFound;
        }
    }

    public async Task<bool> TryPutAsync(string key, ReadOnlyMemory<byte> content, Precondition precondition, ObjectHeaders headers, CancellationToken cancellationToken = default)
    {
        // A seekable stream over the bytes: the SDK sends non-seekable streams aws-chunked, which
        // s3rver stores verbatim (chunk signatures and all) — silent corruption.
        using var body = MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        var request = new PutObjectRequest
        {
            BucketName = _options.Bucket,
            Key = FullKey(key),
            InputStream = body,
            AutoCloseStream = false,
            ContentType = headers.ContentType,
            UseChunkEncoding = false,
            // Over HTTPS (R2) the payload hash is not signed, as Cloudflare recommends; the SDK refuses
            // unsigned payloads over plain HTTP, so tests against s3rver sign them.
            DisablePayloadSigning = _https,
            DisableDefaultChecksumValidation = true,
        };
        if (headers.CacheControl is not null)
        {
            request.Headers.CacheControl = headers.CacheControl;
        }
        if (precondition.IfMatch is null)
        {
            request.IfNoneMatch = "*";
        }
        else
        {
            request.IfMatch = precondition.IfMatch;
        }
        try
        {
            await _client.PutObjectAsync(request, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            return false;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            ThrowIfNoBucket(e);
            throw;
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.GetObjectMetadataAsync(_options.Bucket, FullKey(key), cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<StoredObject>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var objects = new List<StoredObject>();
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _options.Prefix.Length == 0 ? prefix : $"{_options.Prefix}/{prefix}" };
        try
        {
            ListObjectsV2Response response;
            do
            {
                response = await _client.ListObjectsV2Async(request, cancellationToken);
                // SDK v4 gives null, not an empty list, for an empty page.
                foreach (var item in response.S3Objects ?? [])
                {
                    objects.Add(new StoredObject(item.Key[(request.Prefix.Length - prefix.Length)..], item.Size ?? 0,
                        item.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.MinValue));
                }
                request.ContinuationToken = response.NextContinuationToken;
            }
            while (response.IsTruncated == true);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            ThrowIfNoBucket(e);
            throw;
        }
        objects.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return objects;
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.DeleteObjectAsync(_options.Bucket, FullKey(key), cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            ThrowIfNoBucket(e);
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>A missing bucket makes the store unreachable, never empty (a GET of a key in it also answers 404).</summary>
    private void ThrowIfNoBucket(AmazonS3Exception e)
    {
        if (e.ErrorCode == "NoSuchBucket")
        {
            throw new StoreUnreachableException(Description, $"bucket '{_options.Bucket}' does not exist");
        }
    }

    private string FullKey(string key)
    {
        StoreKeys.Validate(key);
        return _options.Prefix.Length == 0 ? key : $"{_options.Prefix}/{key}";
    }
}
