namespace Gateway.Store.Blobs;

/// <summary>
/// The bytes given to a <see cref="BlobWriter"/> are not the ones announced: another size or another
/// SHA-256. Nothing was stored.
/// </summary>
internal sealed class BlobMismatchException(byte[] expectedSha256, long expectedSize, byte[] actualSha256, long actualSize)
    : Exception($"expected {expectedSize} bytes with SHA-256 {Convert.ToHexStringLower(expectedSha256)}, got {actualSize} bytes with SHA-256 {Convert.ToHexStringLower(actualSha256)}")
{
    public byte[] ExpectedSha256 { get; } = expectedSha256;

    public long ExpectedSize { get; } = expectedSize;

    public byte[] ActualSha256 { get; } = actualSha256;

    public long ActualSize { get; } = actualSize;
}
