namespace Gateway.Systems;

/// <summary>
/// The outcome of <see cref="SystemRegistry.Authenticate"/>: the system the token belongs to, or a
/// reason to refuse it that is safe to send back ("unknown token", "token revoked at ...").
/// </summary>
internal readonly record struct AuthenticationResult(ConnectedSystem? System, string? Failure)
{
    public bool Succeeded => System is not null;

    public static AuthenticationResult Success(ConnectedSystem system) => new(system, null);

    public static AuthenticationResult Refused(string reason) => new(null, reason);
}
