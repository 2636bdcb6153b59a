using Gateway.Crypto.Trust;

namespace Gateway.Configuration;

internal static partial class OptionsReader
{
    /// <summary>Where <c>gateway pki init</c> (default --dir ./pki) writes the root, so the quick start needs no setting.</summary>
    public const string DefaultTrustAnchors = "./pki/trust";

    private static SignaturesOptions ReadSignatures(SettingsReader reader)
    {
        const string anchorsKey = "Signatures:TrustAnchors";
        var anchors = reader.String(anchorsKey, DefaultTrustAnchors).Trim();
        if (anchors.Length == 0)
            throw new ConfigurationException(anchorsKey, "must not be empty (a directory of PEM CA certificates)");
        if (File.Exists(anchors))
            throw new ConfigurationException(anchorsKey, $"'{anchors}' is a file, not a directory of PEM certificates");
        // The default may be missing (a fresh machine before `gateway pki init`: the gateway starts and
        // warns); a directory named on purpose must exist, so a typo cannot quietly trust nothing.
        if (!Directory.Exists(anchors) && anchors != DefaultTrustAnchors)
            throw new ConfigurationException(anchorsKey, $"directory '{anchors}' does not exist");

        var workers = reader.Int("Signatures:VerifyWorkers", 0, 0, 1024);
        return new SignaturesOptions
        {
            Required = ReadBool(reader, "Signatures:Required", true),
            TrustAnchors = LoadAnchors(anchorsKey, anchors),
            TrustAnchorsSetting = anchors,
            Revocation = ReadRevocation(reader),
            RevocationTimeout = reader.Duration("Signatures:RevocationTimeout", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
            VerifyWorkers = workers == 0 ? Environment.ProcessorCount : workers,
            VerifyQueue = reader.Int("Signatures:VerifyQueue", 4096, 1, 1_000_000),
        };
    }

    private static TrustAnchors LoadAnchors(string key, string directory)
    {
        if (!Directory.Exists(directory))
            return TrustAnchors.None;
        try
        {
            return TrustAnchors.Load(Path.GetFullPath(directory));
        }
        catch (InvalidDataException ex)
        {
            throw new ConfigurationException(key, ex.Message);
        }
    }

    private static RevocationPolicy ReadRevocation(SettingsReader reader)
    {
        const string key = "Signatures:Revocation";
        return reader.String(key, "hard-fail").Trim().ToLowerInvariant() switch
        {
            "hard-fail" => RevocationPolicy.HardFail,
            "soft-fail" => RevocationPolicy.SoftFail,
            var other => throw new ConfigurationException(key, $"'{other}' is not one of: hard-fail, soft-fail"),
        };
    }

    private static bool ReadBool(SettingsReader reader, string key, bool fallback)
    {
        var text = reader.String(key, fallback ? "true" : "false").Trim();
        if (bool.TryParse(text, out var value))
            return value;
        throw new ConfigurationException(key, $"'{text}' is not true or false");
    }
}
