using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Gateway.Systems;

/// <summary>
/// Authenticates every call of the service it is attached to (axis.v1.DocumentExchange) before the
/// method runs, and records the caller for <see cref="CallerContext.Get"/>: by the metadata
/// <c>authorization: Bearer &lt;token&gt;</c>, or, when the TLS listener asks for client certificates
/// and the call carries no <c>authorization</c> entry, by the client certificate its connection
/// presented (<see cref="ClientCertificateAuthenticator"/>). When both are present the token decides.
/// A refused call ends with UNAUTHENTICATED and a reason that names what was wrong without revealing
/// anything about other systems' tokens.
/// </summary>
internal sealed class BearerAuthInterceptor(
    SystemRegistry registry,
    ILogger<BearerAuthInterceptor> logger,
    ClientCertificateAuthenticator? certificates = null) : Interceptor
{
    public const string MetadataKey = "authorization";

    public const string MissingMessage =
        "missing bearer token: send metadata 'authorization: Bearer <token>' (gateway systems add prints one)";

    /// <summary>The same, where a client certificate would have done instead.</summary>
    public const string MissingEitherMessage =
        "missing bearer token: send metadata 'authorization: Bearer <token>' (gateway systems add prints one), " +
        "or connect over TLS with a client certificate bound to the system (gateway systems bind-cert)";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    private async ValueTask AuthenticateAsync(ServerCallContext context)
    {
        var certificate = ClientCertificateOf(context);
        var byCertificate = certificate is not null && !HasAuthorization(context.RequestHeaders);
        AuthenticatedCaller caller;
        try
        {
            caller = byCertificate
                ? await certificates!.AuthenticateAsync(certificate!, context.CancellationToken)
                : ByToken(context, certificate);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
        {
            SystemsLog.Refused(logger, context.Method, context.Peer, ex.Status.Detail);
            throw;
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
        {
            // The store is not open yet (starting) or cannot be read: the caller may retry.
            SystemsLog.StoreUnavailable(logger, context.Method, context.Peer, ex);
            var what = byCertificate ? "client certificate" : "bearer token";
            throw new RpcException(new Status(StatusCode.Unavailable,
                $"cannot check the {what} right now: the gateway's store is unavailable; retry shortly"));
        }

        if (certificate is null)
            SystemsLog.Authenticated(logger, context.Method, context.Peer, caller.SystemName);
        else
            SystemsLog.AuthenticatedWithCertificate(logger, context.Method, context.Peer, caller.SystemName, ClientCertificateFitness.Thumbprint(certificate));
        CallerContext.Set(context, caller);
    }

    /// <summary>The caller by bearer token; a client certificate beside it may refuse or narrow the call.</summary>
    private AuthenticatedCaller ByToken(ServerCallContext context, X509Certificate2? certificate)
    {
        var token = ReadBearerToken(context.RequestHeaders, out var problem);
        var result = token is null
            ? AuthenticationResult.Refused(problem == MissingMessage && certificates is not null ? MissingEitherMessage : problem!)
            : registry.Authenticate(token);
        if (result.System is not { } system)
            throw new RpcException(new Status(StatusCode.Unauthenticated, result.Failure!));
        return certificate is null
            ? new AuthenticatedCaller(system.Name, system.OrgCodes)
            : certificates!.BesideToken(certificate, system);
    }

    /// <summary>
    /// The certificate the call's TLS connection presented, or null: always null unless the listener
    /// asks for client certificates (then <paramref name="context"/> is always an ASP.NET Core call).
    /// </summary>
    private X509Certificate2? ClientCertificateOf(ServerCallContext context) =>
        certificates is null ? null : context.GetHttpContext().Connection.ClientCertificate;

    private static bool HasAuthorization(Metadata headers) =>
        headers.Any(e => string.Equals(e.Key, MetadataKey, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The token of a single <c>authorization: Bearer &lt;token&gt;</c> entry, or null and why not. The
    /// reason never repeats the credential the caller sent.
    /// </summary>
    internal static string? ReadBearerToken(Metadata headers, out string? problem)
    {
        problem = null;
        var entries = headers.Where(e => string.Equals(e.Key, MetadataKey, StringComparison.OrdinalIgnoreCase)).ToList();
        if (entries.Count == 0)
        {
            problem = MissingMessage;
            return null;
        }

        if (entries.Count > 1)
        {
            problem = $"{entries.Count} 'authorization' metadata entries: send exactly one, 'authorization: Bearer <token>'";
            return null;
        }

        if (entries[0].IsBinary)
        {
            problem = "'authorization' metadata must be text: 'authorization: Bearer <token>'";
            return null;
        }

        var value = entries[0].Value.Trim();
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            problem = value.Length == 0 || value.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
                ? "empty bearer token: send metadata 'authorization: Bearer <token>'"
                : "'authorization' metadata has no scheme: send 'authorization: Bearer <token>'";
            return null;
        }

        var scheme = value[..space];
        if (!scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            var shown = scheme.Length <= 20 && scheme.All(char.IsAsciiLetterOrDigit) ? $" '{scheme}'" : "";
            problem = $"'authorization' metadata uses the scheme{shown}, not Bearer: send 'authorization: Bearer <token>'";
            return null;
        }

        return value[(space + 1)..].TrimStart();
    }
}
