using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Crypto.Pki;

/// <summary>
/// index.json: the CRL URL every certificate carries, the number of the CRL last published, and every
/// certificate issued (the root first). It is what a new CRL is made from, so it is the PKI's record
/// of revocation; written atomically after the files it names.
/// </summary>
public sealed record PkiIndex(int Version, string CrlUrl, long CrlNumber, IReadOnlyList<PkiIndexEntry> Certificates)
{
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter<PkiCertificateKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>
    /// The entry with <paramref name="serial"/> (upper-case hex), or null. Serials are numbers: leading
    /// zeros (which DER adds to keep a serial positive and openssl may leave out) do not matter.
    /// </summary>
    public PkiIndexEntry? Find(string serial) =>
        Certificates.FirstOrDefault(c => string.Equals(c.Serial.TrimStart('0'), serial.TrimStart('0'), StringComparison.Ordinal));

    /// <summary>This index with <paramref name="entry"/> in place of the entry with the same serial.</summary>
    public PkiIndex Replace(PkiIndexEntry entry) =>
        this with { Certificates = [.. Certificates.Select(c => c.Serial == entry.Serial ? entry : c)] };

    public PkiIndex Add(PkiIndexEntry entry) => this with { Certificates = [.. Certificates, entry] };

    public static PkiIndex Load(string path)
    {
        PkiIndex? index;
        try
        {
            index = JsonSerializer.Deserialize<PkiIndex>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException ex)
        {
            throw new PkiException(PkiFailure.Damaged, $"'{path}' is not a PKI index: {ex.Message}");
        }

        if (index is null)
            throw new PkiException(PkiFailure.Damaged, $"'{path}' is not a PKI index: it holds null");
        if (index.Version != CurrentVersion)
            throw new PkiException(PkiFailure.Damaged, $"'{path}' is a PKI index of version {index.Version}; this gateway reads version {CurrentVersion}");
        if (index.Certificates.Count == 0 || index.Certificates[0].Kind != PkiCertificateKind.Root)
            throw new PkiException(PkiFailure.Damaged, $"'{path}' does not list the root CA first");
        return index;
    }

    public void Save(string path) =>
        PkiFiles.WriteAtomic(path, JsonSerializer.SerializeToUtf8Bytes(this, Json), PkiFiles.PublicFile);
}
