using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Gateway.Crypto.Trust;

/// <summary>Where a certificate says its revocation is published: HTTP CRL distribution points and OCSP responders.</summary>
internal static class RevocationPointers
{
    public static IReadOnlyList<Uri> CrlUrls(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions[X509Extensions.CrlDistributionPoints.Id];
        if (extension is null)
            return [];
        var urls = new List<Uri>();
        var points = CrlDistPoint.GetInstance(Asn1Object.FromByteArray(extension.RawData));
        foreach (var point in points.GetDistributionPoints())
        {
            if (point.DistributionPointName is not { Type: DistributionPointName.FullName } name)
                continue;
            foreach (var general in GeneralNames.GetInstance(name.Name).GetNames())
            {
                if (general.TagNo == GeneralName.UniformResourceIdentifier && Http(general.Name.ToString()) is { } url)
                    urls.Add(url);
            }
        }

        return urls;
    }

    public static IReadOnlyList<Uri> OcspUrls(X509Certificate2 certificate)
    {
        if (certificate.Extensions[X509Extensions.AuthorityInfoAccess.Id] is not { } raw)
            return [];
        var access = new X509AuthorityInformationAccessExtension(raw.RawData, raw.Critical);
        return access.EnumerateOcspUris().Select(Http).OfType<Uri>().ToList();
    }

    // Only HTTP is fetched: LDAP and file URLs in certificates are ignored rather than followed.
    private static Uri? Http(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) ? url : null;
}
