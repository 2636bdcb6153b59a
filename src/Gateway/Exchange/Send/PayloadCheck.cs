using System.Security.Cryptography;
using Gateway.Protocol.V1;
using Google.Protobuf;

namespace Gateway.Exchange.Send;

/// <summary>Checks an inline payload against the limit and against what the signed header says of it.</summary>
internal static class PayloadCheck
{
    /// <summary>Returns the payload's SHA-256, which equals the header's.</summary>
    public static byte[] Inline(ByteString payload, PayloadDescriptor described, int inlineLimit)
    {
        if (payload.Length > inlineLimit)
        {
            throw RpcErrors.ResourceExhausted(
                $"payload: {payload.Length} bytes is more than Send takes inline ({inlineLimit} bytes, Limits:InlinePayloadBytes); send it with Upload");
        }

        if (payload.Length != described.Size)
            throw RpcErrors.InvalidArgument("payload", $"is {payload.Length} bytes but header.payload.size says {described.Size}");

        var sha256 = SHA256.HashData(payload.Span);
        if (!described.Sha256.Span.SequenceEqual(sha256))
        {
            throw RpcErrors.InvalidArgument("payload",
                $"SHA-256 is {Convert.ToHexStringLower(sha256)} but header.payload.sha256 says {Convert.ToHexStringLower(described.Sha256.Span)}: the payload was altered, or the header describes another file");
        }

        return sha256;
    }
}
