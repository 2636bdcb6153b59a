using System.Runtime.ExceptionServices;

namespace Gateway.Crypto.Envelopes;

/// <summary>
/// The envelope's bytes as the decryptor reads them. A read failure of the source itself (a disk
/// error) is carried out as <see cref="SourceFailure"/>, which BouncyCastle does not catch, so it is
/// rethrown as the IOException it was instead of being taken for a damaged envelope. The inner stream
/// stays the caller's.
/// </summary>
internal sealed class SourceStream(Stream inner) : ReadOnlyStream
{
    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (IOException ex)
        {
            throw new SourceFailure(ex);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new SourceFailure(ex);
        }
    }

    /// <summary>A failure to read the source, to be rethrown as the original exception by the caller.</summary>
    internal sealed class SourceFailure(IOException inner) : Exception(inner.Message, inner)
    {
        public void Rethrow() => ExceptionDispatchInfo.Capture(inner).Throw();
    }
}
