using System.Collections.Concurrent;
using System.Net;

namespace Gateway.Crypto.Tests.Support;

/// <summary>
/// A plain HTTP server on loopback serving byte arrays by path, as a CA's CRL distribution point
/// would; it counts requests so tests can see what was fetched and what came from a cache.
/// </summary>
public sealed class FileServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public FileServer()
    {
        var port = FreePort.Next();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    public Uri Url(string path) => new(BaseUrl, path);

    public void Put(string path, byte[] content) => _files[path] = content;

    public int Requests(string path) => _requests.TryGetValue(path, out var n) ? n : 0;

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.Url!.AbsolutePath.TrimStart('/');
            _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
            if (_files.TryGetValue(path, out var content))
            {
                context.Response.ContentType = "application/pkix-crl";
                await context.Response.OutputStream.WriteAsync(content);
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            context.Response.Close();
        }
    }

    public void Dispose()
    {
        // Close alone: after Stop has released the port, Close would look the endpoint up again and
        // bind the port anew to remove it, failing with "Address already in use" whenever a
        // concurrent test took that port in between.
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
