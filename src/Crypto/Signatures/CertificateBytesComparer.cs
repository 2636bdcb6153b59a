namespace Gateway.Crypto.Signatures;

/// <summary>
/// Compares certificates by their DER bytes, and lets a cache keyed by <c>byte[]</c> be probed with a
/// span of the received CMS, so a cache hit copies and allocates nothing.
/// </summary>
internal sealed class CertificateBytesComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly CertificateBytesComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(byte[] obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    // All of the bytes, with HashCode's per-process random seed: a sender cannot craft certificates that
    // pile into one bucket. Hashing a certificate costs far less than one signature verification.
    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
