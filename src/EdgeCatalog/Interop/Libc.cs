using System.Runtime.InteropServices;

namespace Layers.EdgeCatalog.Interop;

/// <summary>
/// The Linux syscalls the edge makes itself, through glibc, with the constants and structs of 64-bit Linux
/// targets (x64 and arm64 share them). Callers check <see cref="IsAvailable"/> first.
/// </summary>
internal static unsafe partial class Libc
{
    public const int EIntr = 4;
    public const int EAgain = 11;

    public const int MsgDontWait = 0x40;
    public const int MsgMore = 0x8000;
    public const int MsgNoSignal = 0x4000;

    public const int ShutRdWr = 2;

    public const int FGetFl = 3;
    public const int FAddSeals = 1033;
    public const int ONonBlock = 0x800;
    public const int FSealSeal = 1, FSealShrink = 2, FSealGrow = 4, FSealWrite = 8;

    public const uint MfdCloexec = 1, MfdAllowSealing = 2;

    public static bool IsAvailable => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    public static partial nint SendMessage(int socket, MessageHeader* message, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(int socket, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    public static partial int Shutdown(int socket, int how);

    /// <summary>Sends from <paramref name="file"/> at *<paramref name="offset"/>, which it advances; the file's own position is untouched.</summary>
    [LibraryImport("libc", EntryPoint = "sendfile", SetLastError = true)]
    public static partial nint SendFile(int socket, int file, long* offset, nuint count);

    [LibraryImport("libc", EntryPoint = "memfd_create", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int MemfdCreate(string name, uint flags);

    // fcntl is variadic; every command used here takes one int (or ignores it), passed in the same register.
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }
}
