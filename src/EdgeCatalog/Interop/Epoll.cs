using System.Runtime.InteropServices;

namespace Layers.EdgeCatalog.Interop;

/// <summary>epoll(7), for the edge's own transport (<see cref="Transport.EpollTransport"/>); its socket calls are in <see cref="Libc"/>.</summary>
internal static unsafe partial class Epoll
{
    public const uint In = 0x001, Out = 0x004, Err = 0x008, Hup = 0x010, RdHup = 0x2000, EdgeTriggered = 1u << 31;
    public const int CtlAdd = 1, CtlDel = 2;
    public const int CloseOnExec = 0x80000;

    /// <summary>x64 only: there the kernel's epoll_event is packed (12 bytes); arm64 pads it.</summary>
    public static bool IsAvailable => Libc.IsAvailable && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct Event
    {
        public uint Events;
        public ulong Data;
    }

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int Create(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int Control(int epoll, int operation, int fd, Event* events);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int Wait(int epoll, Event* events, int maxEvents, int timeoutMs);
}
