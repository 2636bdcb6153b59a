using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Pki;

/// <summary>Times as the PKI records and prints them: UTC, whole seconds (what X.509 and CRLs encode).</summary>
public static class PkiTime
{
    public static DateTimeOffset WholeSeconds(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerSecond));
    }

    /// <summary>ISO 8601 in UTC, e.g. 2026-03-01T08:00:00Z.</summary>
    public static string Format(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The certificate's notAfter as an instant (X509Certificate2 gives it as local time).</summary>
    public static DateTimeOffset NotAfterOf(X509Certificate2 certificate) =>
        new DateTimeOffset(certificate.NotAfter).ToUniversalTime();
}
