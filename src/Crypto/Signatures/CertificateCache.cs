using System.Collections.Concurrent;

namespace Gateway.Crypto.Signatures;

/// <summary>
/// Certificates by their DER bytes, bounded. Parsing a certificate and making its key object costs more
/// than verifying a signature, and the same few certificates sign document after document, so each is
/// parsed once. Lookups are lock-free and allocate nothing. When the cache grows past its capacity it is
/// trimmed to three quarters, first dropping entries not used since the previous trim (a clock-style
/// approximation of least-recently-used). Dropped certificates are not disposed: a caller may still
/// hold one from a <see cref="SignatureCheck"/>; the garbage collector frees them.
/// </summary>
internal sealed class CertificateCache
{
    private readonly ConcurrentDictionary<byte[], CachedCertificate> _entries = new(CertificateBytesComparer.Instance);
    private readonly ConcurrentDictionary<byte[], CachedCertificate>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;
    private readonly Lock _trimming = new();
    private int _count;

    public CertificateCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Capacity { get; }

    /// <summary>How many certificates are held (ConcurrentDictionary.Count would take every lock).</summary>
    public int Count => Volatile.Read(ref _count);

    public CachedCertificate Get(ReadOnlySpan<byte> der)
    {
        if (_bySpan.TryGetValue(der, out var hit))
        {
            hit.MarkUsed();
            return hit;
        }

        var loaded = CachedCertificate.Load(der);
        if (!_entries.TryAdd(loaded.Der, loaded))
            return _entries.TryGetValue(loaded.Der, out var raced) ? raced : loaded; // another thread loaded it first
        if (Interlocked.Increment(ref _count) > Capacity)
            Trim();
        return loaded;
    }

    private void Trim()
    {
        lock (_trimming)
        {
            var target = Math.Max(1, Capacity * 3 / 4);
            if (Count <= Capacity)
                return; // another thread trimmed meanwhile
            foreach (var (key, entry) in _entries)
            {
                if (Count <= target)
                    return;
                if (!entry.TakeUsed())
                    Remove(key);
            }

            // Everything was in use since the last trim: drop arbitrary entries down to the target.
            foreach (var (key, _) in _entries)
            {
                if (Count <= target)
                    return;
                Remove(key);
            }
        }
    }

    private void Remove(byte[] key)
    {
        if (_entries.TryRemove(key, out _))
            Interlocked.Decrement(ref _count);
    }
}
