using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Gateway.Cli.Client;

/// <summary>JSON and time formats shared by the client commands' output and files.</summary>
internal static class ClientJson
{
    /// <summary>Contract messages in protobuf's JSON mapping (lowerCamel names), every field shown, indented.</summary>
    public static readonly JsonFormatter Indented = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithIndentation());

    /// <summary>The same mapping on one line, for JSON Lines files.</summary>
    public static readonly JsonFormatter Line = new(JsonFormatter.Settings.Default);

    private static readonly JsonWriterOptions LineOptions = new()
    {
        // Vietnamese text stays readable instead of \u escapes; the output is not embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>One compact JSON object, for a line of `--json` output.</summary>
    public static string Object(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, LineOptions))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>UTC, to the millisecond, as people read it and scripts parse it: 2025-07-01T03:04:05.678Z.</summary>
    public static string Time(Timestamp? time) =>
        time is null ? "-" : time.ToDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
