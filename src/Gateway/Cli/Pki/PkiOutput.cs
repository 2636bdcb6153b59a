using System.Text;
using System.Text.Json;
using Gateway.Crypto.Pki;

namespace Gateway.Cli.Pki;

/// <summary>
/// What `gateway pki` prints: for people, each file written and the serial; for scripts (--json), one
/// JSON object with the same facts and full paths.
/// </summary>
internal static class PkiOutput
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    public static void WriteInit(TextWriter output, DevPki pki, KeyKind keyKind)
    {
        var root = pki.Index.Certificates[0];
        output.WriteLine(
            $"Created root CA '{root.Subject}' ({KeyKindNames.ToName(keyKind)}), serial {root.Serial}, valid until {PkiTime.Format(root.NotAfter)}.");
        output.WriteLine($"  certificate   {pki.RootCertificatePath}");
        output.WriteLine($"  private key   {pki.RootKeyPath}");
        output.WriteLine($"  CRL #{pki.Index.CrlNumber}        {pki.CrlPath} (certificates point to {pki.CrlUrl})");
        output.WriteLine($"  trust anchor  {pki.TrustedRootPath}");
        output.WriteLine($"  index         {pki.IndexPath}");
        output.WriteLine("Next: 'gateway pki issue-org CODE' for a signing certificate, 'gateway pki serve-crl' to publish the CRL.");
    }

    public static void WriteInitJson(TextWriter output, DevPki pki, KeyKind keyKind) => WriteJson(output, json =>
    {
        var root = pki.Index.Certificates[0];
        json.WriteString("serial", root.Serial);
        json.WriteString("subject", root.Subject);
        json.WriteString("keyType", KeyKindNames.ToName(keyKind));
        json.WriteString("notAfter", PkiTime.Format(root.NotAfter));
        json.WriteString("certificate", pki.RootCertificatePath);
        json.WriteString("key", pki.RootKeyPath);
        json.WriteString("crl", pki.CrlPath);
        json.WriteNumber("crlNumber", pki.Index.CrlNumber);
        json.WriteString("crlUrl", pki.CrlUrl.AbsoluteUri);
        json.WriteString("trust", pki.TrustedRootPath);
        json.WriteString("index", pki.IndexPath);
    });

    public static void WriteIssued(TextWriter output, IssuedCertificate issued)
    {
        var entry = issued.Entry;
        output.WriteLine($"Issued {Describe(entry)}, serial {entry.Serial}, valid until {PkiTime.Format(entry.NotAfter)}.");
        if (entry.OrgCodes.Count > 0)
            output.WriteLine($"  org codes     {string.Join(", ", entry.OrgCodes)}");
        output.WriteLine($"  certificate   {issued.CertificatePath}");
        output.WriteLine($"  private key   {issued.KeyPath}");
    }

    public static void WriteIssuedJson(TextWriter output, IssuedCertificate issued, DevPki pki) => WriteJson(output, json =>
    {
        var entry = issued.Entry;
        json.WriteString("kind", KindName(entry.Kind));
        json.WriteString("serial", entry.Serial);
        json.WriteString("subject", entry.Subject);
        json.WriteStartArray("orgCodes");
        foreach (var code in entry.OrgCodes)
            json.WriteStringValue(code);
        json.WriteEndArray();
        json.WriteString("notAfter", PkiTime.Format(entry.NotAfter));
        json.WriteString("certificate", issued.CertificatePath);
        json.WriteString("key", issued.KeyPath);
        json.WriteString("root", pki.RootCertificatePath);
        json.WriteString("crlUrl", pki.CrlUrl.AbsoluteUri);
    });

    public static void WriteRevocation(TextWriter output, Revocation revocation)
    {
        var entry = revocation.Entry;
        var at = PkiTime.Format(entry.RevokedAt!.Value);
        if (revocation.WasAlreadyRevoked)
        {
            output.WriteLine($"Serial {entry.Serial} ({Describe(entry)}) was already revoked at {at}; nothing changed (CRL #{revocation.CrlNumber} lists it).");
            return;
        }

        output.WriteLine($"Revoked serial {entry.Serial} ({Describe(entry)}) at {at}.");
        output.WriteLine($"  CRL #{revocation.CrlNumber}        {revocation.CrlPath}");
    }

    public static void WriteRevocationJson(TextWriter output, Revocation revocation) => WriteJson(output, json =>
    {
        json.WriteString("serial", revocation.Entry.Serial);
        json.WriteString("kind", KindName(revocation.Entry.Kind));
        json.WriteString("subject", revocation.Entry.Subject);
        json.WriteString("revokedAt", PkiTime.Format(revocation.Entry.RevokedAt!.Value));
        json.WriteBoolean("alreadyRevoked", revocation.WasAlreadyRevoked);
        json.WriteNumber("crlNumber", revocation.CrlNumber);
        json.WriteString("crl", revocation.CrlPath);
    });

    public static void WriteCrl(TextWriter output, CrlPublication crl)
    {
        output.WriteLine(
            $"Published CRL #{crl.Number} listing {crl.RevokedSerials.Count} revoked certificate(s), current until {PkiTime.Format(crl.NextUpdate)}.");
        output.WriteLine($"  CRL           {crl.Path}");
    }

    public static void WriteCrlJson(TextWriter output, CrlPublication crl) => WriteJson(output, json =>
    {
        json.WriteNumber("crlNumber", crl.Number);
        json.WriteString("thisUpdate", PkiTime.Format(crl.ThisUpdate));
        json.WriteString("nextUpdate", PkiTime.Format(crl.NextUpdate));
        json.WriteString("crl", crl.Path);
        json.WriteStartArray("revoked");
        foreach (var serial in crl.RevokedSerials)
            json.WriteStringValue(serial);
        json.WriteEndArray();
    });

    private static string Describe(PkiIndexEntry entry) => entry.Kind switch
    {
        PkiCertificateKind.Org => $"org certificate for {string.Join(", ", entry.OrgCodes)}",
        PkiCertificateKind.OrgEncryption => $"org encryption certificate for {string.Join(", ", entry.OrgCodes)}",
        PkiCertificateKind.Gateway => $"gateway certificate '{entry.Subject}'",
        PkiCertificateKind.System => $"system certificate '{entry.Subject}'",
        _ => $"root CA '{entry.Subject}'",
    };

    /// <summary>The kind as index.json spells it (org, orgEncryption, ...).</summary>
    private static string KindName(PkiCertificateKind kind) => JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());

    private static void WriteJson(TextWriter output, Action<Utf8JsonWriter> writeProperties)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Indented))
        {
            json.WriteStartObject();
            writeProperties(json);
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
