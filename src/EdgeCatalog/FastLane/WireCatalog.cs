using Layers.EdgeCatalog.Serving;

namespace Layers.EdgeCatalog.FastLane;

/// <summary>Every list response of one snapshot, on the wire; made with the <see cref="ServingCatalog"/> that holds it.</summary>
internal sealed class WireCatalog
{
    private readonly WireResponse[] _ok;
    private readonly WireResponse[] _notModified;

    public WireCatalog(ServingCatalog catalog)
    {
        var codings = Enum.GetValues<Layers.Catalog.Snapshots.ContentEncoding>();
        _ok = [.. codings.Select(c => WireResponse.Ok(catalog.List(c)))];
        _notModified = [.. codings.Select(c => WireResponse.NotModified(catalog.List(c)))];
    }

    public WireResponse Ok(Layers.Catalog.Snapshots.ContentEncoding encoding) => _ok[(int)encoding];

    public WireResponse NotModified(Layers.Catalog.Snapshots.ContentEncoding encoding) => _notModified[(int)encoding];
}
