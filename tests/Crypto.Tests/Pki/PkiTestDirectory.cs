namespace Gateway.Crypto.Tests.Pki;

/// <summary>A fresh parent directory under the system temp folder, removed on dispose; the PKI goes in <see cref="Pki"/>.</summary>
public sealed class PkiTestDirectory : IDisposable
{
    public PkiTestDirectory()
    {
        Parent = Path.Combine(Path.GetTempPath(), "gateway-crypto-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Parent);
    }

    public string Parent { get; }

    /// <summary>Where the tests put the PKI: not created, as `gateway pki init` expects it.</summary>
    public string Pki => Path.Combine(Parent, "pki");

    public string File(string relative) => Path.Combine(Pki, relative);

    public void Dispose() => Directory.Delete(Parent, recursive: true);
}

/// <summary>A clock that says what the test wants.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
