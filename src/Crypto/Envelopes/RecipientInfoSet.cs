using System.Formats.Asn1;

namespace Gateway.Crypto.Envelopes;

/// <summary>The DER SET OF RecipientInfo for one content key, and the EnvelopedData version it calls for.</summary>
internal static class RecipientInfoSet
{
    /// <summary>
    /// One RecipientInfo per recipient (sorted, as DER orders a SET OF), and the version RFC 5652 §6.1
    /// gives the envelope: 0 when every one is key transport by issuer and serial, 2 once one is key agreement.
    /// </summary>
    public static (byte[] Der, int Version) Write(IReadOnlyList<EncryptionRecipient> recipients, byte[] contentKey)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSetOf())
        {
            foreach (var recipient in recipients)
                recipient.Write(writer, contentKey);
        }

        return (writer.Encode(), recipients.Any(r => r.IsKeyAgreement) ? 2 : 0);
    }
}
