using Grpc.Core;

namespace Gateway.Systems;

/// <summary>
/// Where a service method finds who is calling. <see cref="BearerAuthInterceptor"/> authenticates
/// every call to axis.v1.DocumentExchange before the method runs and stores the caller on the call.
/// </summary>
internal static class CallerContext
{
    private static readonly object Key = new();

    /// <summary>The authenticated caller of this call.</summary>
    /// <exception cref="InvalidOperationException">the call did not pass the authentication interceptor (a wiring bug).</exception>
    public static AuthenticatedCaller Get(ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var caller) && caller is AuthenticatedCaller authenticated
            ? authenticated
            : throw new InvalidOperationException(
                $"no authenticated caller on {context.Method}: the service is not behind {nameof(BearerAuthInterceptor)}");

    /// <summary>Records the caller; the interceptor does it, and tests calling a service method directly.</summary>
    internal static void Set(ServerCallContext context, AuthenticatedCaller caller) => context.UserState[Key] = caller;
}
