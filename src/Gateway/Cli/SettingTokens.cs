using Gateway.Configuration;

namespace Gateway.Cli;

/// <summary>
/// Checks the words after `gateway run` before configuration reads them: each setting is
/// --Section:Key=value or --Section:Key value. Anything else (a flag such as --verbose, a bare word)
/// would otherwise be ignored and the daemon would start on defaults the operator did not mean.
/// </summary>
internal static class SettingTokens
{
    public static void Check(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var key = token.StartsWith("--", StringComparison.Ordinal) ? token[2..] : null;
            var equals = key?.IndexOf('=', StringComparison.Ordinal) ?? -1;
            var name = equals >= 0 ? key![..equals] : key;

            if (name is null || !name.Contains(':', StringComparison.Ordinal) || name.StartsWith(':') || name.EndsWith(':'))
                throw new ConfigurationException($"'{token}'", "is not a setting; write settings as --Section:Key=value (see docs/configuration.md)");

            if (equals < 0)
            {
                // The value is the next word, which must exist and not be another setting.
                if (i + 1 >= tokens.Count || tokens[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new ConfigurationException($"'{token}'", "has no value; write --Section:Key=value");
                i++;
            }
        }
    }
}
