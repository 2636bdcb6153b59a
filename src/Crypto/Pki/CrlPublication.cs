namespace Gateway.Crypto.Pki;

/// <summary>A CRL as published: its number, its validity, its file and the serials it lists.</summary>
/// <param name="Path">Full path of the DER CRL.</param>
public sealed record CrlPublication(long Number, DateTimeOffset ThisUpdate, DateTimeOffset NextUpdate, string Path, IReadOnlyList<string> RevokedSerials);
