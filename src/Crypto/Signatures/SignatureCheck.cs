using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Signatures;

/// <summary>
/// A signature that verified over the header bytes. It says nothing yet about trust: the caller builds
/// the chain from <see cref="Signer"/> and <see cref="OtherCertificates"/>, checks revocation and binds
/// the certificate to the sending organisation.
/// </summary>
/// <remarks>
/// The certificates come from the verifier's cache and are shared with other verifications, on other
/// threads: read them, never dispose them.
/// </remarks>
/// <param name="Signer">The certificate whose key made the signature (it was included in the CMS).</param>
/// <param name="OtherCertificates">The other certificates the CMS included, in order, for chain building.</param>
/// <param name="DigestAlgorithm">The signer's digest algorithm: SHA-256, SHA-384 or SHA-512.</param>
/// <param name="SigningTime">The signing-time signed attribute, when the signer included one (the signer's claim, not a time stamp).</param>
public sealed record SignatureCheck(
    X509Certificate2 Signer,
    IReadOnlyList<X509Certificate2> OtherCertificates,
    HashAlgorithmName DigestAlgorithm,
    DateTimeOffset? SigningTime);
