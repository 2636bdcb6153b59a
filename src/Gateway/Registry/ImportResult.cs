namespace Gateway.Registry;

/// <summary>What <see cref="OrgRegistry.Import"/> did: organisations new to the registry, and ones that existed and were rewritten.</summary>
internal readonly record struct ImportResult(int Added, int Updated)
{
    public int Total => Added + Updated;
}

/// <summary>One page of <see cref="OrgRegistry.List"/>; <see cref="NextPageToken"/> is null on the last page.</summary>
internal sealed record OrgPage(IReadOnlyList<Organization> Items, string? NextPageToken);
