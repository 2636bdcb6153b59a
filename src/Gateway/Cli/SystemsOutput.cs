using System.Globalization;
using System.Text;
using System.Text.Json;
using Gateway.Systems;

namespace Gateway.Cli;

/// <summary>What `gateway systems` prints: plain text for people, JSON (--json) for scripts.</summary>
internal static class SystemsOutput
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    public static void WriteAdded(TextWriter output, ConnectedSystem system, string token)
    {
        output.WriteLine($"Added system '{system.Name}' for {string.Join(", ", system.OrgCodes)}.");
        output.WriteLine("Its bearer token, shown only this once (the gateway keeps only a salted hash):");
        output.WriteLine();
        output.WriteLine($"  {token}");
        output.WriteLine();
        output.WriteLine("The system sends it on every call as metadata 'authorization: Bearer <token>'.");
    }

    public static void WriteAddedJson(TextWriter output, ConnectedSystem system, string token) =>
        WriteJson(output, json =>
        {
            json.WriteStartObject();
            json.WriteString("name", system.Name);
            json.WriteString("token", token);
            WriteOrgs(json, system);
            json.WriteEndObject();
        });

    public static void WriteList(TextWriter output, IReadOnlyList<ConnectedSystem> systems)
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
            string.Join(", ", s.OrgCodes),
        }).ToList();
        string[] header = ["NAME", "STATUS", "CREATED", "ORGS"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            var line = new StringBuilder();
            for (var i = 0; i < row.Length; i++)
                line.Append(i < row.Length - 1 ? row[i].PadRight(widths[i] + 2) : row[i]);
            output.WriteLine(line.ToString());
        }
    }

    public static void WriteListJson(TextWriter output, IReadOnlyList<ConnectedSystem> systems) =>
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
