namespace Gateway.Store.Sqlite;

/// <summary>One schema step: version N turns a version N-1 store into a version N store.</summary>
internal sealed record Migration(int Version, string Name, string Sql);
