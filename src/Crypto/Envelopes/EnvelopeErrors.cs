using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Gateway.Crypto.Envelopes;

/// <summary>Which exceptions mean "these bytes are not what they should be", as opposed to a bug or a failing disk.</summary>
internal static class EnvelopeErrors
{
    /// <summary>
    /// What parsing and decrypting throw on bytes they cannot make sense of: ASN.1 errors (BouncyCastle's
    /// are IOExceptions, .NET's AsnContentException), casts to the wrong ASN.1 type, cipher errors such as
    /// bad padding. A read error of the source never shows up as one of these: <see cref="SourceStream"/>
    /// carries it out as <see cref="SourceStream.SourceFailure"/>.
    /// </summary>
    public static bool IsParseFailure(Exception ex) =>
        ex is IOException or InvalidCastException or ArgumentException or InvalidOperationException or FormatException
            or CryptographicException or CryptoException or System.Formats.Asn1.AsnContentException;
}
