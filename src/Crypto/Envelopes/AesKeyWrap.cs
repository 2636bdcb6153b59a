using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace Gateway.Crypto.Envelopes;

/// <summary>
/// AES key wrap (RFC 3394), which CMS key agreement wraps the content key with (RFC 3565). .NET has
/// only the padded variant (RFC 5649), whose output differs, so BouncyCastle's engine does it.
/// </summary>
internal static class AesKeyWrap
{
    public static byte[] Wrap(byte[] keyEncryptionKey, byte[] key)
    {
        var engine = new AesWrapEngine();
        engine.Init(true, new KeyParameter(keyEncryptionKey));
        return engine.Wrap(key, 0, key.Length);
    }

    /// <summary>The unwrapped key, or null when the integrity check fails: a wrong key-encryption key or damaged bytes.</summary>
    public static byte[]? TryUnwrap(byte[] keyEncryptionKey, byte[] wrapped)
    {
        var engine = new AesWrapEngine();
        engine.Init(false, new KeyParameter(keyEncryptionKey));
        try
        {
            return engine.Unwrap(wrapped, 0, wrapped.Length);
        }
        catch (CryptoException)
        {
            return null;
        }
    }
}
