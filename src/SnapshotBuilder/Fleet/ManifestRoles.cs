using Layers.Catalog.Snapshots;

namespace Layers.SnapshotBuilder.Fleet;

public static class ManifestRoles
{
    /// <summary>
    /// How the manifest names <paramref name="version"/>: announced (and held), held, or rolled back from; null when it
    /// does not. What `snapshots list` shows, and what `prune` never deletes.
    /// </summary>
    public static string? RoleOf(this Manifest? manifest, string version) => manifest switch
    {
        { Version: var v, Hold: not null } when v == version => "announced, held",
        { Version: var v } when v == version => "announced",
        { Hold.HeldVersion: var held } when held == version => "held by a rollback",
        { Hold.RolledBackFrom: var from } when from == version => "rolled back from",
        _ => null,
    };
}
