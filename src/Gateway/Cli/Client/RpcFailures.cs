using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Grpc.Core;

namespace Gateway.Cli.Client;

/// <summary>
/// Turns a failed gRPC call into the one stderr line and the exit code of a client command:
/// <c>gateway: NOT_FOUND: header.recipients: …</c>. UNAVAILABLE and DEADLINE_EXCEEDED, and a gateway
/// that cannot be reached at all (refused connection, unknown host, untrusted TLS certificate), exit
/// <see cref="ExitCodes.Unavailable"/>: the call did not happen or may be repeated safely. Every other
/// status is the gateway's refusal and exits <see cref="ExitCodes.Refused"/>.
/// </summary>
internal static class RpcFailures
{
    public static int ExitCodeOf(RpcException ex) =>
        IsTransient(ex.StatusCode) || Unreached(ex) is not null ? ExitCodes.Unavailable : ExitCodes.Refused;

    public static int ExitCodeOf(StatusCode code) =>
        IsTransient(code) ? ExitCodes.Unavailable : ExitCodes.Refused;

    public static bool IsTransient(StatusCode code) => code is StatusCode.Unavailable or StatusCode.DeadlineExceeded;

    /// <summary>The gRPC name of a status: NotFound becomes NOT_FOUND.</summary>
    public static string NameOf(StatusCode code)
    {
        if (code == StatusCode.OK)
            return "OK";
        var name = code.ToString();
        var snake = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
                snake.Append('_');
            snake.Append(char.ToUpperInvariant(name[i]));
        }

        return snake.ToString();
    }

    /// <summary>The line after <c>gateway: </c>, naming the status and what the gateway (or the network) said.</summary>
    public static string Describe(RpcException ex, Uri endpoint)
    {
        var name = NameOf(ex.StatusCode);
        if (Unreached(ex) is { } cause)
        {
            var hint = cause is AuthenticationException
                ? "its TLS certificate is not trusted here: pass --ca FILE with the root that issued it"
                : $"is it running? (set --endpoint or {ClientOptions.EndpointVariable})";
            return $"{name}: cannot reach the gateway at {Authority(endpoint)} ({Innermost(cause).Message.TrimEnd('.')}); {hint}";
        }

        if (ex.StatusCode == StatusCode.DeadlineExceeded)
            return $"{name}: the gateway at {Authority(endpoint)} did not answer in time";
        var detail = string.IsNullOrWhiteSpace(ex.Status.Detail) ? "(no detail)" : ex.Status.Detail;
        return $"{name}: {detail}";
    }

    /// <summary>
    /// The cause when the call never reached the gateway: the client library reports a connection or
    /// TLS handshake it could not make as UNAVAILABLE or INTERNAL with the exception attached, while a
    /// gateway's own answer carries a detail and no exception.
    /// </summary>
    private static Exception? Unreached(RpcException ex)
    {
        for (var cause = ex.Status.DebugException; cause is not null; cause = cause.InnerException)
        {
            if (cause is HttpRequestException or SocketException)
                return Innermost(cause) is AuthenticationException authentication ? authentication : cause;
        }

        return null;
    }

    private static string Authority(Uri endpoint) => endpoint.GetLeftPart(UriPartial.Authority);

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
            ex = ex.InnerException;
        return ex;
    }
}
