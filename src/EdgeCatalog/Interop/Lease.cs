using System.Runtime.InteropServices;

namespace Layers.EdgeCatalog.Interop;

/// <summary>
/// A reference held on a handle for the length of a syscall: a concurrent Dispose (an abort, a swap) then cannot
/// close the descriptor — and let the OS hand its number to another file — until the call is done.
/// </summary>
internal ref struct Lease
{
    private readonly SafeHandle _handle;
    private bool _added;

    /// <summary>Throws <see cref="ObjectDisposedException"/> when the handle is already closed.</summary>
    public Lease(SafeHandle handle)
    {
        _handle = handle;
        handle.DangerousAddRef(ref _added);
    }

    public readonly int Fd => (int)_handle.DangerousGetHandle();

    public static bool TryTake(SafeHandle handle, out Lease lease)
    {
        try
        {
            lease = new Lease(handle);
            return true;
        }
        catch (ObjectDisposedException)
        {
            lease = default;
            return false;
        }
    }

    public void Dispose()
    {
        if (_added)
        {
            _handle.DangerousRelease();
            _added = false;
        }
    }
}
