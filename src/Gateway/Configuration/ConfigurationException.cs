namespace Gateway.Configuration;

/// <summary>
/// A setting that cannot be used. The message is one line naming the key and why, which is what the
/// process prints before exiting with code 2.
/// </summary>
internal sealed class ConfigurationException(string key, string reason)
    : Exception($"{key}: {reason}")
{
    public string Key { get; } = key;
    public string Reason { get; } = reason;
}
