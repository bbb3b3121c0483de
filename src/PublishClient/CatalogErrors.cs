namespace Layers.PublishClient;

/// <summary>Base of every error the catalog client raises. <see cref="Code"/> is stable; branch on it, not on the message.</summary>
public class CatalogClientException : Exception
{
    /// <summary>Creates an error with a stable code.</summary>
    public CatalogClientException(string code, string message, Exception? innerException = null)
        : base(message, innerException) => Code = code;

    /// <summary>A stable, machine-readable code, e.g. <c>UNAUTHENTICATED</c>.</summary>
    public string Code { get; }
}

/// <summary>The edge answered 401: the API key is missing, malformed, unknown, revoked or expired. Retrying will not help.</summary>
public sealed class CatalogAuthenticationException(string message)
    : CatalogClientException("UNAUTHENTICATED", message);

/// <summary>The edge answered 403: the key lacks the <c>publish:read</c> scope. Retrying will not help.</summary>
public sealed class CatalogForbiddenException(string message)
    : CatalogClientException("FORBIDDEN_SCOPE", message);

/// <summary>
/// The catalog could not be fetched now (a 5xx, a timeout, a refused connection, or a response that did not
/// decode). The last good catalog is kept; the call may be retried.
/// </summary>
public sealed class CatalogUnavailableException(string message, Exception? innerException = null)
    : CatalogClientException("CATALOG_UNAVAILABLE", message, innerException);
