namespace Layers.EdgeCatalog.Tests;

/// <summary>
/// One store and the published edge on it three ways, for a whole test class: the fast lane on the epoll transport
/// (the default), the lane on Kestrel's socket transport, and no lane (Kestrel's pipeline answers everything, on the
/// epoll transport).
/// </summary>
public sealed class EdgeTrio : IAsyncLifetime
{
    public EdgeWithStore World { get; } = new();

    public EdgeServer Lane => World.Edge;

    public EdgeServer Sockets { get; private set; } = null!;

    public EdgeServer NoLane { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await World.StartAsync();
        Sockets = await World.StartAnotherEdgeAsync(new Dictionary<string, string?> { ["LAYERS_TRANSPORT"] = "sockets" });
        NoLane = await World.StartAnotherEdgeAsync(new Dictionary<string, string?> { ["LAYERS_FAST_LANE"] = "off" });
    }

    public Task DisposeAsync()
    {
        World.Dispose();
        return Task.CompletedTask;
    }
}
