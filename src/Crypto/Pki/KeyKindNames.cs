namespace Gateway.Crypto.Pki;

/// <summary>The names key kinds have on the command line and in messages (ecdsa-p256, rsa-3072, ...).</summary>
public static class KeyKindNames
{
    private static readonly (KeyKind Kind, string Name)[] Names =
    [
        (KeyKind.EcdsaP256, "ecdsa-p256"),
        (KeyKind.EcdsaP384, "ecdsa-p384"),
        (KeyKind.Rsa2048, "rsa-2048"),
        (KeyKind.Rsa3072, "rsa-3072"),
    ];

    /// <summary>Every accepted name, in order, separated by '|', for help text and errors.</summary>
    public static string All => string.Join('|', Names.Select(n => n.Name));

    public static string ToName(KeyKind kind) =>
        Names.FirstOrDefault(n => n.Kind == kind).Name ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown key kind");

    /// <summary>The kind named by <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="PkiException">It names no kind; the message lists the accepted names.</exception>
    public static KeyKind Parse(string name)
    {
        foreach (var (kind, known) in Names)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
                return kind;
        }

        throw new PkiException(PkiFailure.InvalidInput, $"key type '{name}' is not one of {All}");
    }
}
