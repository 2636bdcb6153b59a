namespace Gateway.Crypto.Tests.Signatures;

/// <summary>A directory of its own for a test's files, deleted afterwards.</summary>
internal sealed class TempFiles : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("gateway-crypto-").FullName;

    public string Write(string name, string text)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string PathOf(string name) => Path.Combine(Root, name);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
