using Layers.EdgeCatalog.Interop;
using Microsoft.Win32.SafeHandles;

namespace Layers.EdgeCatalog.Serving;

/// <summary>
/// The large bodies of one snapshot, also held in a sealed in-memory file (<c>memfd_create</c>), so a sender can
/// hand them to the kernel with <c>sendfile</c>: the socket then references the file's pages instead of
/// copying every body into its buffers, as nginx does from the page cache. The pages are shared memory, not
/// part of the process's heap, and go when the file is closed and the last send that references them is done.
///
/// Invariant: the file is sealed against writing, shrinking and growing before anyone sends from it, so a
/// body in flight can never change under the kernel. A sender ref-counts <see cref="Handle"/> around each
/// syscall; once it is closed (the snapshot was swapped out) senders fall back to the managed bytes.
/// </summary>
internal sealed class BodyFile : IDisposable
{
    /// <summary>Smaller bodies are cheaper copied with the head in one syscall than sent by a second one.</summary>
    public const int MinBodyBytes = 16 * 1024;

    private BodyFile(SafeFileHandle handle, long length)
    {
        Handle = handle;
        Length = length;
    }

    public SafeFileHandle Handle { get; }

    public long Length { get; }

    /// <summary>
    /// A file holding <paramref name="bodies"/> back to back, with each one's offset (-1 when it is too small to be
    /// worth it); null when there is nothing to hold or the OS has no memfd (the senders then copy).
    /// </summary>
    public static BodyFile? TryCreate(ReadOnlySpan<ReadOnlyMemory<byte>> bodies, Span<long> offsets)
    {
        offsets.Fill(-1);
        if (!Libc.IsAvailable)
        {
            return null;
        }
        bool any = false;
        foreach (var body in bodies)
        {
            any |= body.Length >= MinBodyBytes;
        }
        int fd = any ? Libc.MemfdCreate("layers-bodies", Libc.MfdCloexec | Libc.MfdAllowSealing) : -1;
        if (fd < 0)
        {
            return null;
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        long at = 0;
        for (int i = 0; i < bodies.Length; i++)
        {
            if (bodies[i].Length >= MinBodyBytes)
            {
                RandomAccess.Write(handle, bodies[i].Span, at);
                offsets[i] = at;
                at += bodies[i].Length;
            }
        }
        if (Libc.Fcntl(fd, Libc.FAddSeals, Libc.FSealWrite | Libc.FSealShrink | Libc.FSealGrow | Libc.FSealSeal) != 0)
        {
            handle.Dispose(); // unsealed, a body could change in flight: not worth the risk
            offsets.Fill(-1);
            return null;
        }
        return new BodyFile(handle, at);
    }

    public void Dispose() => Handle.Dispose();
}
