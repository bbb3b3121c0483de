using Layers.EdgeCatalog.Serving;

namespace Layers.EdgeCatalog.Tests;

public class BodyFileTests
{
    private static ReadOnlyMemory<byte> Body(int length, byte seed) => Enumerable.Range(0, length).Select(i => (byte)(i * 31 + seed)).ToArray();

    [Fact]
    public void Holds_each_large_body_at_its_offset_and_leaves_small_ones_out()
    {
        ReadOnlyMemory<byte>[] bodies = [Body(BodyFile.MinBodyBytes + 7, 1), Body(100, 2), Body(200_000, 3)];
        var offsets = new long[bodies.Length];

        using var file = BodyFile.TryCreate(bodies, offsets)!;

        Assert.Equal([0, -1, BodyFile.MinBodyBytes + 7], offsets);
        foreach (int i in new[] { 0, 2 })
        {
            var read = new byte[bodies[i].Length];
            Assert.Equal(read.Length, RandomAccess.Read(file.Handle, read, offsets[i]));
            Assert.Equal(bodies[i].ToArray(), read);
        }
        Assert.Equal(BodyFile.MinBodyBytes + 7 + 200_000, RandomAccess.GetLength(file.Handle));
    }

    [Fact]
    public void Is_sealed_so_no_body_can_change_while_the_kernel_sends_it()
    {
        var offsets = new long[1];
        using var file = BodyFile.TryCreate([Body(BodyFile.MinBodyBytes, 9)], offsets)!;

        Assert.ThrowsAny<Exception>(() => RandomAccess.Write(file.Handle, new byte[] { 0 }, 0));
        Assert.ThrowsAny<Exception>(() => RandomAccess.Write(file.Handle, new byte[] { 0 }, BodyFile.MinBodyBytes));
        Assert.ThrowsAny<Exception>(() => RandomAccess.SetLength(file.Handle, 1));
    }

    [Fact]
    public void Is_not_made_when_every_body_is_small()
    {
        var offsets = new long[2];
        Assert.Null(BodyFile.TryCreate([Body(10, 1), Body(BodyFile.MinBodyBytes - 1, 2)], offsets));
        Assert.Equal([-1, -1], offsets);
    }
}
