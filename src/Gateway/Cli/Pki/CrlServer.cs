using System.Net;
using Gateway.Crypto.Pki;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Cli.Pki;

/// <summary>
/// Serves the CRL files of one directory over plain HTTP/1.1, as CRL distribution points are fetched:
/// <c>GET /NAME.crl</c> answers the file as <c>application/pkix-crl</c>, read from disk on every
/// request so a revocation is served the moment it is written; anything else is 404 (405 for other
/// methods). A bare Kestrel: no configuration sources, no logging providers; each request is one line
/// on <c>log</c>.
/// </summary>
internal sealed class CrlServer : IAsyncDisposable
{
    public const string ContentType = "application/pkix-crl";

    private readonly WebApplication _app;

    private CrlServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where it listens, with the port the OS chose when asked for port 0.</summary>
    public Uri Address { get; }

    public static async Task<CrlServer> StartAsync(string directory, IPEndPoint endpoint, TextWriter log, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(endpoint, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        app.Run(context => ServeAsync(context, directory, log));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        return new CrlServer(app, new Uri(addresses.Addresses.First()));
    }

    private static async Task ServeAsync(HttpContext context, string directory, TextWriter log)
    {
        var request = context.Request;
        var response = context.Response;
        byte[]? body = null;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
        }
        else if (CrlFileName(request.Path) is { } name && await TryReadAsync(Path.Combine(directory, name), context.RequestAborted) is { } crl)
        {
            body = crl;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = ContentType;
            response.ContentLength = crl.Length;
            // Each GET goes to disk; caches in between should do the same.
            response.Headers.CacheControl = "no-cache";
        }
        else
        {
            response.StatusCode = StatusCodes.Status404NotFound;
        }

        if (body is not null && HttpMethods.IsGet(request.Method))
            await response.Body.WriteAsync(body, context.RequestAborted);
        log.WriteLine(
            $"{PkiTime.Format(DateTimeOffset.UtcNow)} {context.Connection.RemoteIpAddress} {Printable(request.Method)} {Printable(request.Path.Value ?? "")} {response.StatusCode} {body?.Length ?? 0}");
    }

    /// <summary>The file a path names: one segment, NAME.crl, of characters safe in a file name; else null.</summary>
    private static string? CrlFileName(PathString path)
    {
        var value = path.Value;
        if (value is null || value.Length < 2)
            return null;
        var name = value[1..];
        var safe = name[0] != '.'
            && name.EndsWith(".crl", StringComparison.Ordinal)
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
        return safe ? name : null;
    }

    private static async Task<byte[]?> TryReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Request text as it goes into the log: a request cannot add lines or control characters to it.</summary>
    private static string Printable(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c : '?'));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
