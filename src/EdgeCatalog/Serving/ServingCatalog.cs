using System.Security.Cryptography;
using Layers.Catalog.Snapshots;
using Layers.EdgeCatalog.FastLane;

namespace Layers.EdgeCatalog.Serving;

/// <summary>
/// A snapshot made ready to serve: every response it can give, precomputed at load time (for Kestrel's pipeline and
/// for the fast lane), off the request path. Immutable; a new snapshot builds a new instance and <see cref="CatalogState"/> swaps
/// the reference, so each request reads one instance from start to finish — never a mix. Disposing it (once it
/// is swapped out) closes its <see cref="BodyFile"/>; requests still holding it are served from managed memory.
/// </summary>
internal sealed class ServingCatalog : IDisposable
{
    private readonly Representation[] _list;
    private readonly Dictionary<Guid, Representation> _tracks;
    private readonly BodyFile? _file;

    private ServingCatalog(SnapshotMeta meta, Representation[] list, Dictionary<Guid, Representation> tracks, BodyFile? file)
    {
        Meta = meta;
        _list = list;
        _tracks = tracks;
        _file = file;
        Wire = new WireCatalog(this);
    }

    public SnapshotMeta Meta { get; }

    /// <summary>
    /// The fast lane's list responses, on the wire: made with the snapshot, before it is swapped in, so no request
    /// pays for them and nothing but this catalog refers to them (nothing keeps a swapped-out snapshot alive).
    /// </summary>
    public WireCatalog Wire { get; }

    public string Version => Meta.Version;

    /// <summary>Bytes in the <see cref="BodyFile"/>, 0 without one.</summary>
    public long BodyFileBytes => _file?.Length ?? 0;

    public Representation List(ContentEncoding encoding) => _list[(int)encoding];

    public bool TryGetTrack(Guid id, out Representation representation) => _tracks.TryGetValue(id, out representation!);

    /// <param name="bodyFiles">Whether to keep the large list bodies in a <see cref="BodyFile"/> too, for sendfile.</param>
    public static ServingCatalog From(DecodedSnapshot snapshot, bool bodyFiles = true)
    {
        var sections = Enum.GetValues<ContentEncoding>().Select(snapshot.ListBody).ToArray();
        var offsets = new long[sections.Length];
        var file = bodyFiles ? BodyFile.TryCreate([.. sections.Select(s => s.Data)], offsets) : null;
        var list = new Representation[sections.Length];
        for (int i = 0; i < sections.Length; i++)
        {
            list[i] = new Representation(sections[i].Data, sections[i].Sha256.Span, ContentCoding((ContentEncoding)i), varies: true, file, offsets[i]);
        }
        var tracks = new Dictionary<Guid, Representation>(snapshot.Tracks.Count);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        foreach (var track in snapshot.Tracks)
        {
            SHA256.HashData(track.DetailBody.Span, hash);
            tracks[track.Id] = new Representation(track.DetailBody, hash, null, varies: false);
        }
        return new ServingCatalog(snapshot.Meta, list, tracks, file);
    }

    public void Dispose() => _file?.Dispose();

    private static string? ContentCoding(ContentEncoding encoding) => encoding switch
    {
        ContentEncoding.Gzip => "gzip",
        ContentEncoding.Brotli => "br",
        ContentEncoding.Zstd => "zstd",
        _ => null,
    };
}
