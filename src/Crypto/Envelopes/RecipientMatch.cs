using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.Cms;

namespace Gateway.Crypto.Envelopes;

/// <summary>Finds the recipient meant for one of the decrypting certificates, or says whom the envelope is for.</summary>
internal static class RecipientMatch
{
    /// <summary>The first recipient (in the envelope's order) that names one of <paramref name="certificates"/>, with that certificate.</summary>
    /// <exception cref="EnvelopeException">NotARecipient: names the certificates given and every recipient the envelope has.</exception>
    public static (RecipientEntry Entry, X509Certificate2 Certificate) Find(IReadOnlyList<RecipientInfo> infos, IReadOnlyList<X509Certificate2> certificates)
    {
        var entries = infos.SelectMany(RecipientEntry.Of).ToList();
        foreach (var entry in entries)
        {
            foreach (var certificate in certificates)
            {
                if (entry.Names(certificate))
                    return (entry, certificate);
            }
        }

        var mine = string.Join(" or ", certificates.Select(CertificateText.Describe));
        var theirs = entries.Count == 0 ? "no one (it has no RecipientInfo)" : string.Join("; ", entries);
        throw new EnvelopeException(EnvelopeFailure.NotARecipient, $"the payload is not encrypted to certificate {mine}; it is for: {theirs}");
    }
}
