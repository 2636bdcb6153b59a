using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Gateway.Systems;

/// <summary>
/// Authenticates every call of the service it is attached to (axis.v1.DocumentExchange) by the
/// metadata <c>authorization: Bearer &lt;token&gt;</c> before the method runs, and records the caller for
/// <see cref="CallerContext.Get"/>. A refused call ends with UNAUTHENTICATED and a reason that names
/// what was wrong without revealing anything about other systems' tokens.
/// </summary>
internal sealed class BearerAuthInterceptor(SystemRegistry registry, ILogger<BearerAuthInterceptor> logger) : Interceptor
{
    public const string MetadataKey = "authorization";

    public const string MissingMessage =
        "missing bearer token: send metadata 'authorization: Bearer <token>' (gateway systems add prints one)";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authenticate(ServerCallContext context)
    {
        var token = ReadBearerToken(context.RequestHeaders, out var problem);
        AuthenticationResult result;
        if (token is null)
        {
            result = AuthenticationResult.Refused(problem!);
        }
        else
        {
            try
            {
                result = registry.Authenticate(token);
            }
            catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
            {
                // The store is not open yet (starting) or cannot be read: the caller may retry.
                SystemsLog.StoreUnavailable(logger, context.Method, context.Peer, ex);
                throw new RpcException(new Status(StatusCode.Unavailable,
                    "cannot check the bearer token right now: the gateway's store is unavailable; retry shortly"));
            }
        }

        if (result.System is not { } system)
        {
            SystemsLog.Refused(logger, context.Method, context.Peer, result.Failure!);
            throw new RpcException(new Status(StatusCode.Unauthenticated, result.Failure!));
        }

        SystemsLog.Authenticated(logger, context.Method, context.Peer, system.Name);
        CallerContext.Set(context, new AuthenticatedCaller(system.Name, system.OrgCodes));
    }

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
