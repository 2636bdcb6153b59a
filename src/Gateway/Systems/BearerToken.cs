using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace Gateway.Systems;

/// <summary>
/// Bearer tokens of connected systems: <c>gw1_&lt;id&gt;_&lt;secret&gt;</c>, 64 ASCII characters. The id is
/// 12 random bytes and the secret 32 random bytes, both base64url without padding (16 and 43
/// characters). Base64url may itself contain '_', so the parts are found by position, not by splitting.
/// The id is public (it finds the row); only SHA-256(salt || secret) of the secret is stored. See
/// docs/security.md.
/// </summary>
internal static class BearerToken
{
    public const string Prefix = "gw1_";
    public const int IdBytes = 12;
    public const int SecretBytes = 32;
    public const int SaltBytes = 16;
    public const int HashBytes = 32;

    private const int IdChars = 16;
    private const int SecretChars = 43;

    /// <summary>Length of every token: prefix, id, separator, secret.</summary>
    public const int Length = 4 + IdChars + 1 + SecretChars;

    /// <summary>How a token looks, for error messages.</summary>
    public const string Shape = "gw1_<16-character id>_<43-character secret>";

    /// <summary>A new random token, its id, and the stored form of its secret under a new salt.</summary>
    public static IssuedToken Issue()
    {
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(IdBytes));
        Span<byte> secret = stackalloc byte[SecretBytes];
        RandomNumberGenerator.Fill(secret);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var token = string.Concat(Prefix, id, "_", Base64Url.EncodeToString(secret));
        var hash = Hash(salt, secret);
        CryptographicOperations.ZeroMemory(secret);
        return new IssuedToken(token, id, salt, hash);
    }

    /// <summary>
    /// Splits a token into its id and secret bytes. False for anything that is not exactly the shape
    /// <see cref="Issue"/> makes (wrong length, prefix or separator, a character outside base64url, a
    /// non-canonical encoding).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> token, out string id, Span<byte> secret)
    {
        id = string.Empty;
        if (token.Length != Length || secret.Length != SecretBytes || !token.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var idPart = token.Slice(Prefix.Length, IdChars);
        var separator = token[Prefix.Length + IdChars];
        var secretPart = token[(Prefix.Length + IdChars + 1)..];
        if (separator != '_' || !IsBase64Url(idPart) || !IsBase64Url(secretPart))
            return false;
        // OperationStatus, not TryDecode (which throws on invalid data). The last of the 43 characters
        // carries 2 unused bits; the decoder refuses them unless zero, so one secret has one spelling.
        if (Base64Url.DecodeFromChars(secretPart, secret, out _, out var written) != OperationStatus.Done || written != SecretBytes)
            return false;
        id = idPart.ToString();
        return true;
    }

    /// <summary>SHA-256(salt || secret): what the store keeps instead of the secret.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> secret)
    {
        Span<byte> input = stackalloc byte[salt.Length + secret.Length];
        salt.CopyTo(input);
        secret.CopyTo(input[salt.Length..]);
        var hash = SHA256.HashData(input);
        CryptographicOperations.ZeroMemory(input);
        return hash;
    }

    /// <summary>Whether <paramref name="secret"/> hashes to <paramref name="expectedHash"/>, in constant time.</summary>
    public static bool Verify(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> expectedHash, ReadOnlySpan<byte> secret)
    {
        Span<byte> input = stackalloc byte[salt.Length + secret.Length];
        salt.CopyTo(input);
        secret.CopyTo(input[salt.Length..]);
        Span<byte> actual = stackalloc byte[HashBytes];
        SHA256.HashData(input, actual);
        CryptographicOperations.ZeroMemory(input);
        return CryptographicOperations.FixedTimeEquals(actual, expectedHash);
    }

    private static bool IsBase64Url(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
                return false;
        }

        return true;
    }
}

/// <summary>A freshly issued token (shown once) and what the store keeps of it.</summary>
internal sealed record IssuedToken(string Token, string Id, byte[] Salt, byte[] Hash);
