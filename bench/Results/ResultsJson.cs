using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Bench.Results;

/// <summary>Reads and writes <see cref="LoadResults"/> with one set of JSON options, so both sides agree.</summary>
public static class ResultsJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Write(LoadResults results, string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(results, Options));
        File.Move(temporary, path, overwrite: true);
    }

    public static LoadResults Read(string path) =>
        JsonSerializer.Deserialize<LoadResults>(File.ReadAllText(path), Options)
        ?? throw new InvalidDataException($"{path}: empty results file");
}
