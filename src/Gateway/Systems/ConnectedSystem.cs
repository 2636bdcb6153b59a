namespace Gateway.Systems;

/// <summary>
/// An agency's document-management system registered with the gateway: its name, the organisation
/// codes it may send as and receive for (sorted, ordinal), and when it was added and revoked.
/// </summary>
internal sealed record ConnectedSystem(
    string Name,
    IReadOnlyList<string> OrgCodes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}
