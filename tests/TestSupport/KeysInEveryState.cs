using Layers.Catalog.Keys;

namespace Layers.TestSupport;

/// <summary>
/// A key in each state the edge tells apart: <see cref="Reader"/> (publish:read), one without that scope, a revoked one,
/// and an expired one; <see cref="Records"/> is the key file that says so.
/// </summary>
public sealed class KeysInEveryState(string reader)
{
    public string Reader { get; } = reader;
    public string NoScope { get; } = ApiKeys.Generate();
    public string Revoked { get; } = ApiKeys.Generate();
    public string Expired { get; } = ApiKeys.Generate();

    public KeyRecord[] Records =>
    [
        new("reader", ApiKeys.Hash(Reader), [Scopes.PublishRead], false, null),
        new("noscope", ApiKeys.Hash(NoScope), ["other:scope"], false, null),
        new("revoked", ApiKeys.Hash(Revoked), [Scopes.PublishRead], true, null),
        new("expired", ApiKeys.Hash(Expired), [Scopes.PublishRead], false, DateTimeOffset.UtcNow.AddDays(-1)),
    ];
}
