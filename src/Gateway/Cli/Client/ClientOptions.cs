using System.CommandLine;

namespace Gateway.Cli.Client;

/// <summary>
/// `--endpoint`, `--token` and `--ca`, which every client command (send, receive) takes. The endpoint
/// and token fall back to <c>GATEWAY_ENDPOINT</c> and <c>GATEWAY_TOKEN</c>; neither has a default value
/// System.CommandLine would print in help, so a token set in the environment never shows there.
/// </summary>
internal sealed class ClientOptions
{
    public const string EndpointVariable = "GATEWAY_ENDPOINT";
    public const string TokenVariable = "GATEWAY_TOKEN";
    public const string DefaultEndpoint = "http://127.0.0.1:7400";

    public Option<string?> Endpoint { get; } = new("--endpoint")
    {
        HelpName = "URL",
        Description = $"Gateway address, http://HOST:PORT (h2c) or https://HOST:PORT (env {EndpointVariable}; default {DefaultEndpoint}).",
    };

    public Option<string?> Token { get; } = new("--token")
    {
        HelpName = "TOKEN",
        Description = $"Bearer token of a connected system, from 'gateway systems add' (env {TokenVariable}); required.",
    };

    public Option<string?> Ca { get; } = new("--ca")
    {
        HelpName = "FILE",
        Description = "PEM file of root certificates to trust for an https endpoint (default: the system's trust store).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Endpoint);
        command.Options.Add(Token);
        command.Options.Add(Ca);
    }

    /// <summary>Reads the options (then the environment) and opens a channel; a mistake is a <see cref="ClientException"/>.</summary>
    public ClientConnection Connect(ParseResult parse)
    {
        var token = FirstNonEmpty(parse.GetValue(Token), Environment.GetEnvironmentVariable(TokenVariable))
            ?? throw ClientException.BadInput($"no token: pass --token TOKEN or set {TokenVariable} (a token comes from 'gateway systems add')");
        if (token.Any(char.IsWhiteSpace))
            throw ClientException.BadInput("--token: contains white space; pass the token exactly as 'gateway systems add' printed it");

        var text = FirstNonEmpty(parse.GetValue(Endpoint), Environment.GetEnvironmentVariable(EndpointVariable)) ?? DefaultEndpoint;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https") || endpoint.AbsolutePath != "/")
            throw ClientException.BadInput($"--endpoint: '{text}' is not http://HOST:PORT or https://HOST:PORT");

        var ca = parse.GetValue(Ca);
        if (ca is not null && endpoint.Scheme != "https")
            throw ClientException.BadInput($"--ca: applies to an https endpoint, and '{text}' is plain http");
        return ClientConnection.Open(endpoint, token, ca is null ? null : TrustedRoots.Load(ca));
    }

    private static string? FirstNonEmpty(string? option, string? environment) =>
        !string.IsNullOrWhiteSpace(option) ? option.Trim()
        : !string.IsNullOrWhiteSpace(environment) ? environment.Trim()
        : null;
}
