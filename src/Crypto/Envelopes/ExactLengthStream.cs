namespace Gateway.Crypto.Envelopes;

/// <summary>
/// Reads exactly <paramref name="length"/> bytes of <paramref name="inner"/>, and fails rather than
/// return fewer or ignore more: the envelope's DER lengths were written for that many plaintext bytes,
/// so a file that changed since it was measured must not yield a well-formed-looking envelope. The
/// inner stream is disposed with this one unless <paramref name="leaveOpen"/>.
/// </summary>
internal sealed class ExactLengthStream(Stream inner, long length, bool leaveOpen) : ReadOnlyStream
{
    private readonly byte[] _probe = new byte[1];
    private long _read;

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
            return 0;
        if (_read == length)
            return inner.Read(_probe) == 0 ? 0 : throw Longer();
        var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, length - _read)]);
        return Advance(read);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
            return 0;
        if (_read == length)
            return await inner.ReadAsync(_probe, cancellationToken).ConfigureAwait(false) == 0 ? 0 : throw Longer();
        var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, length - _read)], cancellationToken).ConfigureAwait(false);
        return Advance(read);
    }

    private int Advance(int read)
    {
        if (read == 0)
            throw new IOException($"the plaintext ended at byte {_read} of {length}: it changed while being encrypted");
        _read += read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
            inner.Dispose();
        base.Dispose(disposing);
    }

    private IOException Longer() => new($"the plaintext is longer than the {length} bytes it had when the envelope was laid out: it changed while being encrypted");
}
