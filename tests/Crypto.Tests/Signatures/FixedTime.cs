namespace Gateway.Crypto.Tests.Signatures;

/// <summary>A clock stopped at one instant, so a signing-time attribute can be checked exactly.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
