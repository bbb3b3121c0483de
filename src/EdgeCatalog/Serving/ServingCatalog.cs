using System.Security.Cryptography;
using Layers.Catalog.Snapshots;

namespace Layers.EdgeCatalog.Serving;

/// <summary>
/// A snapshot made ready to serve: every response it can give, precomputed at load time, off the
/// request path. Immutable; a new snapshot builds a new instance and <see cref="CatalogState"/> swaps
/// the reference, so each request reads one instance from start to finish — never a mix.
/// </summary>
internal sealed class ServingCatalog
{
    private readonly Representation[] _list;
    private readonly Dictionary<Guid, Representation> _tracks;

    private ServingCatalog(SnapshotMeta meta, Representation[] list, Dictionary<Guid, Representation> tracks)
    {
        Meta = meta;
        _list = list;
        _tracks = tracks;
    }

    public SnapshotMeta Meta { get; }

    public string Version => Meta.Version;

    public Representation List(ContentEncoding encoding) => _list[(int)encoding];

    public bool TryGetTrack(Guid id, out Representation representation) => _tracks.TryGetValue(id, out representation!);

    public static ServingCatalog From(DecodedSnapshot snapshot)
    {
        var list = new Representation[4];
        foreach (var encoding in Enum.GetValues<ContentEncoding>())
        {
            var section = snapshot.ListBody(encoding);
            list[(int)encoding] = new Representation(section.Data, section.Sha256.Span, ContentCoding(encoding));
        }
        var tracks = new Dictionary<Guid, Representation>(snapshot.Tracks.Count);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        foreach (var track in snapshot.Tracks)
        {
            SHA256.HashData(track.DetailBody.Span, hash);
            tracks[track.Id] = new Representation(track.DetailBody, hash, null);
        }
        return new ServingCatalog(snapshot.Meta, list, tracks);
    }

    private static string? ContentCoding(ContentEncoding encoding) => encoding switch
    {
        ContentEncoding.Gzip => "gzip",
        ContentEncoding.Brotli => "br",
        ContentEncoding.Zstd => "zstd",
        _ => null,
    };
}
