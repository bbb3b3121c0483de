namespace Layers.Catalog.Stores;

/// <summary>
/// Opens a store from its URI (docs/contract/store.md): <c>s3://bucket/prefix</c>, <c>file:///abs/path</c> or a plain path.
/// S3 settings come from the environment: <c>LAYERS_S3_ENDPOINT</c>, <c>LAYERS_S3_REGION</c> (default
/// <c>auto</c>), and the standard <c>AWS_ACCESS_KEY_ID</c> / <c>AWS_SECRET_ACCESS_KEY</c>.
/// </summary>
public static class ObjectStores
{
    /// <summary>
    /// Opens a store to read (<paramref name="forWriting"/> false: the edge, <c>snapshots</c>, <c>verify</c>), which
    /// never creates anything, or to write, which creates a folder store's root if it is missing. A bucket is never created.
    /// </summary>
    public static IObjectStore Open(string uri, bool forWriting = false) => Open(uri, Environment.GetEnvironmentVariable, forWriting);

    public static IObjectStore Open(string uri, Func<string, string?> environment, bool forWriting = false)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            throw new ArgumentException("store URI is empty");
        }
        if (uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            return new S3ObjectStore(ParseS3(uri, environment));
        }
        if (uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var fileUri) || !fileUri.IsFile || !string.IsNullOrEmpty(fileUri.Host))
            {
                throw new ArgumentException($"'{uri}' is not a file:/// URI with an absolute path");
            }
            return new FileObjectStore(fileUri.LocalPath, forWriting);
        }
        if (uri.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{uri}' is not a store: use s3://bucket/prefix, file:///path or a path");
        }
        return new FileObjectStore(uri, forWriting);
    }

    internal static S3StoreOptions ParseS3(string uri, Func<string, string?> environment)
    {
        string rest = uri["s3://".Length..].Trim('/');
        int slash = rest.IndexOf('/');
        string bucket = slash < 0 ? rest : rest[..slash];
        string prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (bucket.Length == 0)
        {
            throw new ArgumentException($"'{uri}' names no bucket");
        }
        string region = NonEmpty(environment("LAYERS_S3_REGION")) ?? "auto";
        string? endpoint = NonEmpty(environment("LAYERS_S3_ENDPOINT"));
        if (endpoint is null && region == "auto")
        {
            throw new ArgumentException("LAYERS_S3_ENDPOINT is required for an s3:// store (for R2: https://<account>.r2.cloudflarestorage.com)");
        }
        return new S3StoreOptions(bucket, prefix, endpoint, region,
            NonEmpty(environment("AWS_ACCESS_KEY_ID")), NonEmpty(environment("AWS_SECRET_ACCESS_KEY")));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
