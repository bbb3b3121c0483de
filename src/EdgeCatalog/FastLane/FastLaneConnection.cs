using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Layers.Catalog.Snapshots;
using Layers.EdgeCatalog.Api;
using Layers.EdgeCatalog.Auth;
using Layers.EdgeCatalog.Observability;
using Layers.EdgeCatalog.Serving;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Layers.EdgeCatalog.FastLane;

/// <summary>
/// Kestrel connection middleware that answers the hot request — an authenticated <c>GET /v1/tiktok-music</c>
/// on a keep-alive HTTP/1.1 connection — straight from the connection's input pipe, with precomputed response
/// bytes (<see cref="WireResponse"/>) sent on its socket (<see cref="SocketResponder"/>), skipping the per-request
/// HTTP machinery (HttpContext, header dictionaries, routing) that costs several times what the answer itself does.
/// The decisions are the same code the Kestrel route runs (<see cref="Admission"/>, <see cref="ContentNegotiation"/>,
/// <see cref="EntityTagMatch"/>).
///
/// Invariant: the first request the lane does not fully understand (see <see cref="RequestHead.TryParse"/>),
/// and everything after it on that connection, is left unread in the pipe and handed to Kestrel's own HTTP/1.1
/// handler, which then owns the connection with all its limits and timeouts. Until then the lane enforces
/// Kestrel's keep-alive timeout and a stall timeout on writes, and closes idle connections on shutdown.
/// </summary>
internal sealed class FastLaneConnection
{
    /// <summary>How long a write may stall (a client not reading) before the connection is aborted.</summary>
    private static readonly TimeSpan WriteStallTimeout = TimeSpan.FromSeconds(30);

    private readonly CatalogState _state;
    private readonly TimeProvider _time;
    private readonly EdgeMetrics _metrics;
    private readonly TimeSpan _keepAliveTimeout;
    private readonly DateHeader _date = new();
    private volatile WireCatalog? _wire;

    internal FastLaneConnection(CatalogState state, TimeProvider time, EdgeMetrics metrics, TimeSpan keepAliveTimeout)
    {
        _state = state;
        _time = time;
        _metrics = metrics;
        _keepAliveTimeout = keepAliveTimeout;
    }

    /// <summary>Puts the lane in front of Kestrel's HTTP handling on one plain-HTTP endpoint (it sends on the raw socket, so never under TLS).</summary>
    public static void Use(ListenOptions listen) =>
        listen.Use(next =>
        {
            var services = listen.ApplicationServices;
            var lane = new FastLaneConnection(services.GetRequiredService<CatalogState>(), services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<EdgeMetrics>(), listen.KestrelServerOptions.Limits.KeepAliveTimeout);
            return connection => lane.RunAsync(connection, next);
        });

    private async Task RunAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var heartbeat = connection.Features.Get<IConnectionHeartbeatFeature>();
        var lifetime = connection.Features.Get<IConnectionLifetimeNotificationFeature>();
        var responder = SocketResponder.For(connection);
        if (heartbeat is null || lifetime is null || responder is null)
        {
            await next(connection); // no way to enforce timeouts, or no socket to send on: Kestrel does it all
            return;
        }
        var input = connection.Transport.Input;
        using var memo = new KeyMemo(RequestHead.MaxValueBytes);
        var watch = new IdleWatch(connection);
        heartbeat.OnHeartbeat(IdleWatch.Check, watch);
        var closeRequested = lifetime.ConnectionClosedRequested.UnsafeRegister(static reader => ((PipeReader)reader!).CancelPendingRead(), input);
        try
        {
            while (true)
            {
                watch.Expect(_keepAliveTimeout);
                var result = await input.ReadAsync();
                if (result.IsCanceled)
                {
                    return; // shutdown: close this idle connection now rather than at the shutdown timeout
                }
                var buffer = result.Buffer;
                int served = 0;
                bool closing = false;
                long now = _time.GetUtcNow().UtcTicks;
                while (!closing && !buffer.IsEmpty && TryAnswer(buffer.FirstSpan, memo, now, out int consumed, out closing) is { } response)
                {
                    buffer = buffer.Slice(consumed);
                    served++;
                    watch.Expect(WriteStallTimeout);
                    await responder.SendAsync(response, _date.For(now), closing);
                }
                input.AdvanceTo(buffer.Start); // examined = consumed: what is left is read again at once
                if (served > 0)
                {
                    _metrics.RecordFastLane(served);
                }
                if (closing)
                {
                    return; // the client asked to close (RFC 9112 §9.6): Kestrel closes the connection when the lane returns
                }
                if (served == 0 && !buffer.IsEmpty)
                {
                    break; // a request the lane does not answer, or not yet complete: Kestrel's from here on
                }
                if (result.IsCompleted && buffer.IsEmpty)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is ConnectionResetException or ConnectionAbortedException or IOException or SocketException
                                      or ObjectDisposedException or OperationCanceledException)
        {
            return; // the client went away or the connection was aborted (timeout): nothing to answer
        }
        finally
        {
            watch.Stop();
            closeRequested.Dispose();
        }
        _metrics.RecordHandoff();
        await next(connection);
    }

    /// <summary>
    /// The response to the request at the start of <paramref name="received"/>, the request's length in
    /// <paramref name="consumed"/>, and in <paramref name="closing"/> whether it asked to close the connection
    /// after its response; null when it is not a complete request the lane answers.
    /// </summary>
    internal WireResponse? TryAnswer(ReadOnlySpan<byte> received, KeyMemo memo, long nowUtcTicks, out int consumed, out bool closing)
    {
        if (!RequestHead.TryParse(received, out var head))
        {
            consumed = 0;
            closing = false;
            return null;
        }
        consumed = head.Length;
        closing = head.Closing;
        var response = Answer(head, memo, nowUtcTicks);
        _metrics.RecordRequest(CatalogApi.ListRoute, response.Status);
        return response;
    }

    private WireResponse Answer(RequestHead head, KeyMemo memo, long nowUtcTicks)
    {
        if (!Admission.TryAdmit(_state, head.Authorization, memo, nowUtcTicks, out var catalog, out var denied))
        {
            return WireErrors.For(denied);
        }
        // Header bytes are visible ASCII (RequestHead checked), so widening them to chars is exact.
        Span<char> text = stackalloc char[RequestHead.MaxValueBytes];
        int length;
        var encoding = ContentEncoding.Identity;
        if (head.HasAcceptEncoding)
        {
            length = Encoding.ASCII.GetChars(head.AcceptEncoding, text);
            if (ContentNegotiation.Select(text[..length]) is not { } selected)
            {
                return WireErrors.For(ErrorResponse.NotAcceptable);
            }
            encoding = selected;
        }
        var wire = WireFor(catalog);
        if (head.HasIfNoneMatch)
        {
            length = Encoding.ASCII.GetChars(head.IfNoneMatch, text);
            if (EntityTagMatch.ListMatches(text[..length], catalog.List(encoding).ETag))
            {
                return wire.NotModified(encoding);
            }
        }
        return wire.Ok(encoding);
    }

    // Made once per snapshot, by the first request that sees it; a race only makes it twice.
    private WireCatalog WireFor(ServingCatalog catalog)
    {
        var wire = _wire;
        if (wire?.Catalog != catalog)
        {
            _wire = wire = new WireCatalog(catalog);
        }
        return wire;
    }

    /// <summary>
    /// The lane's timeouts, checked on Kestrel's once-a-second connection heartbeat: a deadline set before each
    /// wait (for the next request, or for a write to drain) aborts the connection when it passes.
    /// </summary>
    private sealed class IdleWatch(ConnectionContext connection)
    {
        private readonly ConnectionContext _connection = connection;
        private long _deadline = long.MaxValue;

        public void Expect(TimeSpan within) => Volatile.Write(ref _deadline, Environment.TickCount64 + (long)within.TotalMilliseconds);

        public void Stop() => Volatile.Write(ref _deadline, long.MaxValue);

        public static void Check(object state)
        {
            var watch = (IdleWatch)state;
            if (Environment.TickCount64 > Volatile.Read(ref watch._deadline))
            {
                watch.Stop();
                watch._connection.Abort(new ConnectionAbortedException("fast lane: keep-alive or write-stall timeout"));
            }
        }
    }
}
