using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;

namespace Gateway.Crypto.Envelopes;

/// <summary>
/// An EnvelopedData read up to its encrypted content with BouncyCastle's streaming ASN.1 parsers (DER
/// or BER, so OpenSSL's <c>-stream</c> output too): the RecipientInfos, the content encryption
/// algorithm, and the encrypted content as a stream that has not been read yet.
/// </summary>
internal sealed record EnvelopeParts(IReadOnlyList<RecipientInfo> Recipients, AlgorithmIdentifier ContentAlgorithm, Stream EncryptedContent)
{
    /// <exception cref="EnvelopeException">Corrupt, when the structure cannot be parsed.</exception>
    public static EnvelopeParts Read(Stream input)
    {
        try
        {
            var contentInfo = new ContentInfoParser((Asn1SequenceParser)new Asn1StreamParser(input).ReadObject());
            var enveloped = new EnvelopedDataParser((Asn1SequenceParser)contentInfo.GetContent(Asn1Tags.Sequence));
            // The parser reads in order: originator info, if any, comes before the recipients.
            enveloped.GetOriginatorInfo();
            var recipients = Asn1Set.GetInstance(enveloped.GetRecipientInfos().ToAsn1Object()).Select(RecipientInfo.GetInstance).ToList();
            var encrypted = enveloped.GetEncryptedContentInfo();
            var algorithm = encrypted.ContentEncryptionAlgorithm;
            var content = encrypted.GetEncryptedContent(Asn1Tags.OctetString) as Asn1OctetStringParser
                ?? throw new EnvelopeException(EnvelopeFailure.Corrupt, "the EnvelopedData carries no encrypted content (detached content is not taken)");
            return new EnvelopeParts(recipients, algorithm, content.GetOctetStream());
        }
        catch (Exception ex) when (EnvelopeErrors.IsParseFailure(ex))
        {
            throw new EnvelopeException(EnvelopeFailure.Corrupt, $"the EnvelopedData is damaged: {ex.Message}", ex);
        }
    }
}
