namespace Gateway.Configuration;

internal static partial class OptionsReader
{
    private static MetricsOptions ReadMetrics(SettingsReader reader)
    {
        var url = reader.String("Metrics:OtlpEndpoint", "").Trim();
        Uri? otlp = null;
        if (url.Length > 0 && (!Uri.TryCreate(url, UriKind.Absolute, out otlp) || (otlp.Scheme != Uri.UriSchemeHttp && otlp.Scheme != Uri.UriSchemeHttps)))
            throw new ConfigurationException("Metrics:OtlpEndpoint", $"'{url}' is not an http or https URL (an OTLP/gRPC collector, e.g. http://127.0.0.1:4317)");

        return new MetricsOptions
        {
            Endpoint = reader.Endpoint("Metrics:Endpoint", Defaults["Metrics:Endpoint"]),
            SampleInterval = reader.Duration("Metrics:SampleInterval", TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)),
            OtlpEndpoint = otlp,
            OtlpInterval = reader.Duration("Metrics:OtlpInterval", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
        };
    }
}
