using System.CommandLine;

namespace Gateway.Cli.Client;

/// <summary>
/// `--endpoint`, `--token`, `--ca` and `--client-cert`/`--client-key`, which every client command
/// (send, receive, status, trace) takes. The endpoint and token fall back to <c>GATEWAY_ENDPOINT</c>
/// and <c>GATEWAY_TOKEN</c>; neither has a default value System.CommandLine would print in help, so a
/// token set in the environment never shows there. A client certificate makes the token optional.
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
        Description = $"Bearer token of a connected system, from 'gateway systems add' (env {TokenVariable}); required unless --client-cert is given.",
    };

    public Option<string?> Ca { get; } = new("--ca")
    {
        HelpName = "FILE",
        Description = "PEM file of root certificates to trust for an https endpoint (default: the system's trust store).",
    };

    public Option<string?> ClientCert { get; } = new("--client-cert")
    {
        HelpName = "PEM",
        Description = "TLS client certificate bound to the system ('gateway systems bind-cert'); intermediates may follow it in the file. " +
            "Authenticates without --token over an https endpoint. Needs --client-key.",
    };

    public Option<string?> ClientKey { get; } = new("--client-key")
    {
        HelpName = "PEM",
        Description = "The private key of --client-cert (PEM, unencrypted).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Endpoint);
        command.Options.Add(Token);
        command.Options.Add(Ca);
        command.Options.Add(ClientCert);
        command.Options.Add(ClientKey);
    }

    /// <summary>Reads the options (then the environment) and opens a channel; a mistake is a <see cref="ClientException"/>.</summary>
    public ClientConnection Connect(ParseResult parse)
    {
        var certificateFile = parse.GetValue(ClientCert);
        var keyFile = parse.GetValue(ClientKey);
        if ((certificateFile is null) != (keyFile is null))
            throw ClientException.BadInput(certificateFile is null ? "--client-key: needs --client-cert, the certificate it belongs to" : "--client-cert: needs --client-key, its private key");

        var token = FirstNonEmpty(parse.GetValue(Token), Environment.GetEnvironmentVariable(TokenVariable));
        if (token is null && certificateFile is null)
        {
            throw ClientException.BadInput(
                $"no token: pass --token TOKEN or set {TokenVariable} (a token comes from 'gateway systems add'), or authenticate over https with --client-cert and --client-key");
        }

        if (token is not null && token.Any(char.IsWhiteSpace))
            throw ClientException.BadInput("--token: contains white space; pass the token exactly as 'gateway systems add' printed it");

        var text = FirstNonEmpty(parse.GetValue(Endpoint), Environment.GetEnvironmentVariable(EndpointVariable)) ?? DefaultEndpoint;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https") || endpoint.AbsolutePath != "/")
            throw ClientException.BadInput($"--endpoint: '{text}' is not http://HOST:PORT or https://HOST:PORT");

        var ca = parse.GetValue(Ca);
        if (ca is not null && endpoint.Scheme != "https")
            throw ClientException.BadInput($"--ca: applies to an https endpoint, and '{text}' is plain http");
        // Plain h2c has no TLS handshake to present a certificate in; refusing beats a silent token-less call.
        if (certificateFile is not null && endpoint.Scheme != "https")
            throw ClientException.BadInput($"--client-cert: applies to an https endpoint, and '{text}' is plain http");

        var roots = ca is null ? null : TrustedRoots.Load(ca);
        var certificate = certificateFile is null ? null : ClientCertificate.Load(certificateFile, keyFile!);
        return ClientConnection.Open(endpoint, token, roots, certificate);
    }

    private static string? FirstNonEmpty(string? option, string? environment) =>
        !string.IsNullOrWhiteSpace(option) ? option.Trim()
        : !string.IsNullOrWhiteSpace(environment) ? environment.Trim()
        : null;
}
