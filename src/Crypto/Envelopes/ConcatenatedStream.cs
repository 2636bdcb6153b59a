namespace Gateway.Crypto.Envelopes;

/// <summary>Reads its parts one after the other, as one stream; disposes them with itself.</summary>
internal sealed class ConcatenatedStream(params Stream[] parts) : ReadOnlyStream
{
    private int _index;

    public override int Read(Span<byte> buffer)
    {
        for (; _index < parts.Length; _index++)
        {
            var read = parts[_index].Read(buffer);
            if (read > 0 || buffer.IsEmpty)
                return read;
        }

        return 0;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        for (; _index < parts.Length; _index++)
        {
            var read = await parts[_index].ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read > 0 || buffer.IsEmpty)
                return read;
        }

        return 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var part in parts)
                part.Dispose();
        }

        base.Dispose(disposing);
    }
}
