using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Gateway.Crypto.Pki;
using Gateway.Systems;

namespace Gateway.Cli;

/// <summary>What `gateway systems` prints: plain text for people, JSON (--json) for scripts.</summary>
internal static class SystemsOutput
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    public static void WriteAdded(TextWriter output, ConnectedSystem system, string token, SystemCertificate? certificate)
    {
        output.WriteLine($"Added system '{system.Name}' for {string.Join(", ", system.OrgCodes)}.");
        output.WriteLine("Its bearer token, shown only this once (the gateway keeps only a salted hash):");
        output.WriteLine();
        output.WriteLine($"  {token}");
        output.WriteLine();
        output.WriteLine("The system sends it on every call as metadata 'authorization: Bearer <token>'.");
        if (certificate is not null)
            output.WriteLine($"Bound {Describe(certificate)}: over TLS the system may authenticate with it instead.");
    }

    public static void WriteAddedJson(TextWriter output, ConnectedSystem system, string token, SystemCertificate? certificate) =>
        WriteJson(output, json =>
        {
            json.WriteStartObject();
            json.WriteString("name", system.Name);
            json.WriteString("token", token);
            WriteOrgs(json, system);
            if (certificate is not null)
            {
                json.WritePropertyName("certificate");
                WriteCertificate(json, certificate);
            }

            json.WriteEndObject();
        });

    public static void WriteBound(TextWriter output, ConnectedSystem system, SystemCertificate bound, bool added, X509Certificate2 certificate)
    {
        if (!added)
        {
            output.WriteLine($"{Capitalised(Describe(bound))} was already bound to system '{system.Name}'; nothing changed.");
            return;
        }

        output.WriteLine($"Bound {Describe(bound)} to system '{system.Name}': over TLS it authenticates as the system without a token.");
        // The certificate's own codes narrow the system's (docs/security.md); say so when they do.
        var carried = CertificateFactory.ReadOrgCodes(certificate);
        var both = system.OrgCodes.Where(code => carried.Contains(code, StringComparer.Ordinal)).ToList();
        if (carried.Count > 0 && both.Count < system.OrgCodes.Count)
            output.WriteLine($"It carries {string.Join(", ", carried)}: with it the system acts only for {string.Join(", ", both)}.");
    }

    public static void WriteUnbound(TextWriter output, SystemCertificate removed)
    {
        var bound = SystemRegistry.CacheBound.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        output.WriteLine($"Unbound {Describe(removed)} from system '{removed.SystemName}'; a running gateway refuses it within {bound} s.");
    }

    public static void WriteList(TextWriter output, IReadOnlyList<ConnectedSystem> systems, ILookup<string, SystemCertificate> certificates)
    {
        if (systems.Count == 0)
        {
            output.WriteLine("No connected systems; add one with: gateway systems add --name NAME --org CODE");
            return;
        }

        var rows = systems.Select(s => new[]
        {
            s.Name,
            s.RevokedAt is { } at ? $"revoked {SystemRegistry.FormatTime(at)}" : "active",
            SystemRegistry.FormatTime(s.CreatedAt),
            certificates[s.Name].Count().ToString(CultureInfo.InvariantCulture),
            string.Join(", ", s.OrgCodes),
        }).ToList();
        string[] header = ["NAME", "STATUS", "CREATED", "CERTS", "ORGS"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            var line = new StringBuilder();
            for (var i = 0; i < row.Length; i++)
                line.Append(i < row.Length - 1 ? row[i].PadRight(widths[i] + 2) : row[i]);
            output.WriteLine(line.ToString());
        }
    }

    public static void WriteListJson(TextWriter output, IReadOnlyList<ConnectedSystem> systems, ILookup<string, SystemCertificate> certificates) =>
        WriteJson(output, json =>
        {
            json.WriteStartArray();
            foreach (var system in systems)
            {
                json.WriteStartObject();
                json.WriteString("name", system.Name);
                WriteOrgs(json, system);
                json.WriteString("createdAt", SystemRegistry.FormatTime(system.CreatedAt));
                if (system.RevokedAt is { } revokedAt)
                    json.WriteString("revokedAt", SystemRegistry.FormatTime(revokedAt));
                else
                    json.WriteNull("revokedAt");
                json.WriteStartArray("certificates");
                foreach (var certificate in certificates[system.Name])
                    WriteCertificate(json, certificate);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });

    public static void WriteRevoked(TextWriter output, ConnectedSystem system, bool wasAlreadyRevoked)
    {
        var at = SystemRegistry.FormatTime(system.RevokedAt!.Value);
        if (wasAlreadyRevoked)
        {
            output.WriteLine($"System '{system.Name}' was already revoked at {at}; nothing changed.");
            return;
        }

        var bound = SystemRegistry.CacheBound.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        output.WriteLine($"Revoked system '{system.Name}' at {at}; a running gateway refuses its token within {bound} s.");
    }

    private static void WriteCertificate(Utf8JsonWriter json, SystemCertificate certificate)
    {
        json.WriteStartObject();
        json.WriteString("sha256", certificate.Thumbprint);
        json.WriteString("subject", certificate.Subject);
        json.WriteString("serial", certificate.Serial);
        json.WriteString("notAfter", SystemRegistry.FormatTime(certificate.NotAfter));
        json.WriteString("boundAt", SystemRegistry.FormatTime(certificate.BoundAt));
        json.WriteEndObject();
    }

    private static string Describe(SystemCertificate certificate) =>
        $"client certificate \"{certificate.Subject}\" (SHA-256 {certificate.Thumbprint})";

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static void WriteOrgs(Utf8JsonWriter json, ConnectedSystem system)
    {
        json.WriteStartArray("orgs");
        foreach (var code in system.OrgCodes)
            json.WriteStringValue(code);
        json.WriteEndArray();
    }

    private static void WriteJson(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Indented))
            write(json);
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
