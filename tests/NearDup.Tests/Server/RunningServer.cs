using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using NearDup.Index;
using NearDup.Server;
using NearDup.Tests.Read;

namespace NearDup.Tests.Server;

/// <summary>The service on a real Kestrel on a free loopback port, with a write key and a read key.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private readonly TempFolder folder = new();
    private WebApplication? app;

    private RunningServer()
    {
    }

    public string WriteKey { get; private set; } = "";

    public string ReadKey { get; private set; } = "";

    public string RevokedKey { get; private set; } = "";

    public HttpClient Client { get; } = new();

    /// <summary>
    /// Starts a service over a new index in a folder of its own, or over <paramref name="store"/> (a folder or a
    /// redis:// URL); <paramref name="keysOf"/>: a service already on that store, whose keys this one takes.
    /// </summary>
    public static async Task<RunningServer> StartAsync(Func<ServerOptions, ServerOptions>? configure = null, string? store = null, RunningServer? keysOf = null)
    {
        var server = new RunningServer();
        store ??= server.folder.Path;
        if (keysOf is not null)
        {
            (server.WriteKey, server.ReadKey, server.RevokedKey) = (keysOf.WriteKey, keysOf.ReadKey, keysOf.RevokedKey);
        }
        else
        {
            using var index = await NearDupIndex.OpenAsync(store);
            server.WriteKey = (await ApiKeys.CreateAsync(index.Store, ApiKeyRole.Write, "writer")).Key;
            server.ReadKey = (await ApiKeys.CreateAsync(index.Store, ApiKeyRole.Read, "reader")).Key;
            var (revoked, record) = await ApiKeys.CreateAsync(index.Store, ApiKeyRole.Write, "gone");
            await index.Store.RevokeKeyAsync(record.Id, DateTimeOffset.UtcNow);
            server.RevokedKey = revoked;
        }

        var options = new ServerOptions { IndexDirectory = store, Urls = "http://127.0.0.1:0" };
        server.app = IndexServer.Build(configure?.Invoke(options) ?? options);
        await server.app.StartAsync();
        string address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Client.BaseAddress = new Uri(address);
        return server;
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? key, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (body is string text)
        {
            request.Content = new StringContent(text, System.Text.Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, object? body = null) =>
        Client.SendAsync(Request(method, path, key, body), TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        folder.Dispose();
    }
}
