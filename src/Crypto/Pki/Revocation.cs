namespace Gateway.Crypto.Pki;

/// <summary>The outcome of <see cref="DevPki.Revoke"/>.</summary>
/// <param name="Entry">The certificate's index entry, with its revocation time.</param>
/// <param name="WasAlreadyRevoked">True when it had been revoked before: nothing changed and no CRL was written.</param>
/// <param name="CrlNumber">Number of the CRL that lists it: the new one, or the current one when it was already revoked.</param>
/// <param name="CrlPath">Full path of that CRL (DER).</param>
public sealed record Revocation(PkiIndexEntry Entry, bool WasAlreadyRevoked, long CrlNumber, string CrlPath);
