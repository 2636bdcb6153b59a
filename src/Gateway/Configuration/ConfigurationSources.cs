using Microsoft.Extensions.Configuration;

namespace Gateway.Configuration;

/// <summary>
/// Where settings come from, later sources overriding earlier ones:
/// 1. appsettings.json beside the executable (the shipped defaults);
/// 2. the file named by GATEWAY_CONFIG, when set (an operator's own file);
/// 3. environment variables GATEWAY__Section__Key;
/// 4. the command line: --Section:Key=value or --Section:Key value.
/// </summary>
internal static class ConfigurationSources
{
    public const string ConfigFileVariable = "GATEWAY_CONFIG";
    public const string EnvironmentPrefix = "GATEWAY__";

    public static IConfigurationRoot Build(IReadOnlyList<string> commandLine)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false);

        if (Environment.GetEnvironmentVariable(ConfigFileVariable) is { Length: > 0 } file)
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
                throw new ConfigurationException(ConfigFileVariable, $"file '{path}' does not exist");
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        return builder
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine([.. commandLine])
            .Build();
    }
}
