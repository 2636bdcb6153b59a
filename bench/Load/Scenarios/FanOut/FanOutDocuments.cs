using System.Globalization;
using Gateway.Crypto.Signatures;
using Gateway.Load.Targets.Gateway;
using Gateway.Protocol.V1;

namespace Gateway.Load.Scenarios.FanOut;

/// <summary>
/// The fan-out documents, signed before anything is timed as `gateway send --cert --key` signs (see
/// <see cref="DocumentFactory"/>): one header naming every recipient, serialized once, a detached CMS
/// over those bytes, a random 4 KiB payload (a new blob each), a new client reference each.
/// </summary>
internal static class FanOutDocuments
{
    public const int PayloadBytes = 4096;

    public static SendRequest[] Sign(string sender, string certificate, string key, IReadOnlyList<string> recipients, int count)
    {
        var factory = new DocumentFactory([(sender, certificate, key)], PayloadBytes);
        using var signer = DetachedSigner.LoadPem(certificate, key);
        return [.. Enumerable.Range(0, count).Select(i =>
            factory.Request(signer, sender, recipients, string.Create(CultureInfo.InvariantCulture, $"fanout-{i}")))];
    }
}
