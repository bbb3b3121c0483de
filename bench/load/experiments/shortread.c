// An experiment, not part of the product: what owning the receive side (bench/RESULTS.md, "What is left") would be
// worth. Kestrel's socket transport has .NET's socket engine try every socket again after each receive, and that
// try finds nothing (EAGAIN) — one syscall per request that nginx does not make, because it trusts a short read
// and epoll's edge. Preloaded into the edge, this makes recv() answer that second try itself: after a short read
// on a socket, the next recv() returns EAGAIN without a syscall. Safe for .NET's engine, which registers sockets
// edge-triggered (data arriving after the short read raises a new edge); not for blocking sockets in general.
//
//   gcc -O2 -shared -fPIC -o /tmp/shortread.so bench/load/experiments/shortread.c -ldl
//   then give the edge LD_PRELOAD=/tmp/shortread.so (for the 2026-11-25 run: the edge-copy server's environment
//   in bench/LoadDriver/ServerUnderTest.cs, changed for that run only) and run bench/load/run.sh.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sys/socket.h>
#include <sys/types.h>

static ssize_t (*real_recv)(int, void *, size_t, int);
static unsigned char drained[65536];

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
    if (!real_recv)
        real_recv = (ssize_t (*)(int, void *, size_t, int))dlsym(RTLD_NEXT, "recv");
    int tracked = fd >= 0 && fd < (int)sizeof drained;
    if (tracked && drained[fd] && len > 0 && !(flags & MSG_PEEK)) {
        drained[fd] = 0;
        errno = EAGAIN;
        return -1;
    }
    ssize_t n = real_recv(fd, buf, len, flags);
    if (tracked)
        drained[fd] = n > 0 && (size_t)n < len;
    return n;
}
