using System.Buffers;
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
/// handler, which then owns the connection with all its limits and timeouts — but only once its whole head is in
/// and <see cref="HandoffCheck"/> has found its framing sound (else 400 and close): a head split across packets
/// must not slip past the check. Until then the lane enforces Kestrel's keep-alive and request-headers timeouts
/// and a stall timeout on writes, and closes idle connections on shutdown.
/// </summary>
internal sealed class FastLaneConnection
{
    /// <summary>How long a write may stall (a client not reading) before the connection is aborted.</summary>
    private static readonly TimeSpan WriteStallTimeout = TimeSpan.FromSeconds(30);

    private readonly CatalogState _state;
    private readonly TimeProvider _time;
    private readonly EdgeMetrics _metrics;
    private readonly TimeSpan _keepAliveTimeout;
    private readonly TimeSpan _headersTimeout;
    private readonly DateHeader _date;

    /// <param name="date">The one Date value of the process (<see cref="AddServices"/>): every endpoint's lane shares it.</param>
    internal FastLaneConnection(CatalogState state, TimeProvider time, DateHeader date, EdgeMetrics metrics, TimeSpan keepAliveTimeout, TimeSpan headersTimeout)
    {
        _state = state;
        _time = time;
        _date = date;
        _metrics = metrics;
        _keepAliveTimeout = keepAliveTimeout;
        _headersTimeout = headersTimeout;
    }

    /// <summary>
    /// Registers what the lanes of all endpoints share: the <see cref="DateHeader"/> and its timer, made when the
    /// first lane is, and disposed with the container.
    /// </summary>
    public static void AddServices(IServiceCollection services) =>
        services.AddSingleton(provider => new DateHeader(provider.GetRequiredService<TimeProvider>()));

    /// <summary>Puts the lane in front of Kestrel's HTTP handling on one plain-HTTP endpoint (it sends on the raw socket, so never under TLS).</summary>
    public static void Use(ListenOptions listen) =>
        listen.Use(next =>
        {
            var services = listen.ApplicationServices;
            var lane = new FastLaneConnection(services.GetRequiredService<CatalogState>(), services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<DateHeader>(), services.GetRequiredService<EdgeMetrics>(),
                listen.KestrelServerOptions.Limits.KeepAliveTimeout, listen.KestrelServerOptions.Limits.RequestHeadersTimeout);
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
        long headDeadline = 0; // while part of a head is in: when all of it must be, as Kestrel's RequestHeadersTimeout
        try
        {
            while (true)
            {
                if (headDeadline == 0)
                {
                    watch.Expect(_keepAliveTimeout);
                }
                else
                {
                    watch.ExpectBy(headDeadline);
                }
                var result = await input.ReadAsync();
                if (result.IsCanceled)
                {
                    return; // shutdown: close this idle connection now rather than at the shutdown timeout
                }
                var buffer = result.Buffer;
                int served = 0;
                var step = Handoff.Wait;
                bool closing = false;
                long now = _time.GetUtcNow().UtcTicks;
                while (!closing && !buffer.IsEmpty)
                {
                    step = Next(buffer, memo, now, out var response, out int consumed, out closing);
                    if (response is null)
                    {
                        break;
                    }
                    buffer = buffer.Slice(consumed);
                    served++;
                    watch.Expect(WriteStallTimeout);
                    await responder.SendAsync(response, _date.Current, closing);
                }
                if (served > 0)
                {
                    _metrics.RecordFastLane(served);
                }
                if (closing)
                {
                    input.AdvanceTo(buffer.Start);
                    return; // the client asked to close (RFC 9112 §9.6): Kestrel closes the connection when the lane returns
                }
                if (buffer.IsEmpty)
                {
                    input.AdvanceTo(buffer.Start);
                    headDeadline = 0;
                    if (result.IsCompleted)
                    {
                        return;
                    }
                    continue;
                }
                if (step == Handoff.Refuse)
                {
                    watch.Expect(WriteStallTimeout);
                    await responder.SendAsync(WireResponse.BadRequest, _date.Current, closing: true);
                    input.AdvanceTo(buffer.Start);
                    return;
                }
                if (step == Handoff.HandOver || result.IsCompleted)
                {
                    input.AdvanceTo(buffer.Start); // examined = consumed: Kestrel reads what is left at once
                    break; // a request the lane does not answer (or the end of one that never completed): Kestrel's from here on
                }
                // Part of a head: wait for the rest, so that no head reaches Kestrel before HandoffCheck has seen all of it.
                input.AdvanceTo(buffer.Start, buffer.End);
                if (headDeadline == 0 || served > 0) // a new head began: its own time, not what was left of the one answered
                {
                    headDeadline = Environment.TickCount64 + (long)_headersTimeout.TotalMilliseconds;
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
    /// What to do with the request at the start of <paramref name="buffer"/>: the lane's answer (with its length and
    /// whether it closes the connection), or, when <paramref name="response"/> is null, whether to wait for the rest
    /// of its head, hand it to Kestrel, or refuse it.
    /// </summary>
    private Handoff Next(in ReadOnlySequence<byte> buffer, KeyMemo memo, long nowUtcTicks, out WireResponse? response, out int consumed, out bool closing)
    {
        var first = buffer.FirstSpan;
        response = TryAnswer(first, memo, nowUtcTicks, out consumed, out closing);
        if (response is not null)
        {
            return Handoff.HandOver; // not read: the lane answers it
        }
        if (buffer.IsSingleSegment)
        {
            return HandoffCheck.Inspect(first);
        }
        // A head across the pipe's segments (it came in pieces, or behind others): rare, so copied to read it whole.
        int length = (int)Math.Min(buffer.Length, HandoffCheck.MaxHeadBytes);
        byte[] whole = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer.Slice(0, length).CopyTo(whole);
            response = TryAnswer(whole.AsSpan(0, length), memo, nowUtcTicks, out consumed, out closing);
            return response is null ? HandoffCheck.Inspect(whole.AsSpan(0, length)) : Handoff.HandOver;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(whole);
        }
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
        var wire = catalog.Wire;
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

    /// <summary>
    /// The lane's timeouts, checked on Kestrel's once-a-second connection heartbeat: a deadline set before each
    /// wait (for the next request, or for a write to drain) aborts the connection when it passes.
    /// </summary>
    private sealed class IdleWatch(ConnectionContext connection)
    {
        private readonly ConnectionContext _connection = connection;
        private long _deadline = long.MaxValue;

        public void Expect(TimeSpan within) => ExpectBy(Environment.TickCount64 + (long)within.TotalMilliseconds);

        /// <summary>A deadline in <see cref="Environment.TickCount64"/> milliseconds.</summary>
        public void ExpectBy(long deadline) => Volatile.Write(ref _deadline, deadline);

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
