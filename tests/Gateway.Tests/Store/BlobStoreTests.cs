using System.Security.Cryptography;
using Gateway.Configuration;
using Gateway.Store.Blobs;
using Gateway.Tests.Support;

namespace Gateway.Tests.Store;

public sealed class BlobStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private BlobStore NewStore() => new(new StoreOptions
    {
        DataDirectory = _dir.Path,
        BusyTimeout = TimeSpan.FromSeconds(1),
        MaintenanceInterval = TimeSpan.FromHours(1),
    });

    [Fact]
    public async Task Write_Bytes_StoredUnderTheirSha256()
    {
        var blobs = NewStore();
        var content = "Công văn số 7816/VPCP-TTĐT"u8.ToArray();

        var sha = await blobs.WriteAsync(content, TestContext.Current.CancellationToken);

        Assert.Equal(SHA256.HashData(content), sha);
        var path = blobs.PathOf(sha);
        Assert.Equal(content, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal(Path.Combine(_dir.Path, "blobs", Convert.ToHexStringLower(sha)[..2], Convert.ToHexStringLower(sha)), path);
    }

    [Fact]
    public async Task Write_SameBytesTwice_StoresOneFile()
    {
        var blobs = NewStore();
        var content = RandomNumberGenerator.GetBytes(10_000);

        await blobs.WriteAsync(content, TestContext.Current.CancellationToken);
        await blobs.WriteAsync(content, TestContext.Current.CancellationToken);

        Assert.Single(Directory.GetFiles(Path.Combine(_dir.Path, "blobs"), "*", SearchOption.AllDirectories), f => !f.Contains("/blobs/tmp/", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "blobs", "tmp")));
    }

    [Fact]
    public async Task RemoveOrphans_UnreferencedBlobsAndTempFiles_Removed()
    {
        var blobs = NewStore();
        var kept = await blobs.WriteAsync("kept"u8.ToArray(), TestContext.Current.CancellationToken);
        var orphan = await blobs.WriteAsync("orphan"u8.ToArray(), TestContext.Current.CancellationToken);
        File.WriteAllText(Path.Combine(_dir.Path, "blobs", "tmp", "half-written"), "x");
        var foreign = Path.Combine(_dir.Path, "blobs", "ab", "README.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(foreign)!);
        File.WriteAllText(foreign, "not a blob");

        var removed = blobs.RemoveOrphans(sha => sha.AsSpan().SequenceEqual(kept));

        Assert.Equal(2, removed);
        Assert.True(blobs.Exists(kept));
        Assert.False(blobs.Exists(orphan));
        Assert.True(File.Exists(foreign), "files that are not blobs are left for a person to look at");
    }

    public void Dispose() => _dir.Dispose();
}
