namespace Gateway.Crypto.Tests.Support;

public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("gw-crypto-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
