using System.Security.Cryptography;
using Gateway.Configuration;
using Gateway.Crypto.Receipts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Receipts;

/// <summary>The receipt signer and the key it uses.</summary>
internal static class ReceiptSetup
{
    public static void Add(IServiceCollection services, GatewayOptions options)
    {
        services.AddSingleton(options.Receipts);
        services.AddSingleton(provider =>
        {
            var logger = provider.GetRequiredService<ILogger<ReceiptSigner>>();
            var certificate = ReceiptKeys.Load(options.Receipts, options.Store.DataDirectory, provider.GetRequiredService<TimeProvider>(), out var created);
            var certificatePath = options.Receipts.Key?.CertificateFile ?? Path.Combine(options.Store.DataDirectory, ReceiptKeys.DirectoryName, ReceiptKeys.CertificateFileName);
            if (created)
                ReceiptsLog.KeyCreated(logger, Path.Combine(options.Store.DataDirectory, ReceiptKeys.DirectoryName, ReceiptKeys.KeyFileName));
            ReceiptsLog.SigningWith(logger, certificate.Subject, certificate.GetCertHashString(HashAlgorithmName.SHA256),
                options.Receipts.Key is null ? "the gateway's own key" : "Receipts:CertificateFile", certificatePath);
            return new ReceiptSigner(certificate, provider.GetRequiredService<TimeProvider>());
        });
        if (options.Receipts.TimestampUrl is { } url)
        {
            services.AddSingleton<TimestampHttp>();
            services.AddSingleton(provider => new TimestampClient(provider.GetRequiredService<TimestampHttp>().Client, url));
            services.AddSingleton<BatchTimestamper>();
            services.AddHostedService(provider => provider.GetRequiredService<BatchTimestamper>());
        }
    }
}

/// <summary>The HTTP client for the timestamp authority: its own, with a short timeout, so a slow authority only delays stamping.</summary>
internal sealed class TimestampHttp : IDisposable
{
    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose() => Client.Dispose();
}
