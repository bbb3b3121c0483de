using Layers.EdgeCatalog.Auth;

namespace Layers.EdgeCatalog.Serving;

/// <summary>
/// What the node serves right now. Both references are replaced whole (a reference write is atomic);
/// readers take each once per request and use only that instance.
/// </summary>
internal sealed class CatalogState
{
    private volatile ServingCatalog? _catalog;
    private volatile KeySet? _keys;

    public ServingCatalog? Catalog => _catalog;

    public KeySet? Keys => _keys;

    /// <summary>Serves <paramref name="catalog"/> from now on; returns the one it replaces.</summary>
    public ServingCatalog? Swap(ServingCatalog catalog) => Interlocked.Exchange(ref _catalog, catalog);

    public void Swap(KeySet keys) => _keys = keys;
}
