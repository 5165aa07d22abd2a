using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using NearDup.Index;

namespace NearDup.Server;

/// <summary>
/// The index as an HTTP service (<c>neardup serve</c>): <c>/v1</c> endpoints for documents, matches and stories,
/// <c>/health</c>, <c>/metrics</c> and the OpenAPI document at <c>/openapi/v1.json</c>. Errors are
/// <c>application/problem+json</c>.
/// </summary>
public static class IndexServer
{
    /// <summary>Builds the service over the index in <see cref="ServerOptions.IndexDirectory"/>; start it with <c>RunAsync</c> or <c>StartAsync</c>.</summary>
    /// <exception cref="InvalidOperationException">The index cannot be opened with the engine's settings.</exception>
    public static WebApplication Build(ServerOptions options, IndexOptions? indexOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBytes);
        var index = NearDupIndex.OpenAsync(options.IndexDirectory, (indexOptions ?? new()) with { MaxDocumentChars = options.MaxDocumentChars })
            .GetAwaiter().GetResult();
        builder.Services.AddSingleton(index);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ServerMetrics>();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                rejected.HttpContext.RequestServices.GetRequiredService<ServerMetrics>().Refused();
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                {
                    rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                    detail: $"This key may make {options.RequestsPerSecond} requests a second (bursts of {options.Burst}).")
                    .ExecuteAsync(rejected.HttpContext).ConfigureAwait(false);
            };
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Items[ApiKeyAuthentication.KeyItem] is ApiKey key
                    ? RateLimitPartition.GetTokenBucketLimiter(key.Id, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.Burst,
                        TokensPerPeriod = options.RequestsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter("anonymous"));
        });

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ApiKeyAuthentication>();
        app.UseRateLimiter();
        app.MapOpenApi();
        app.MapGet("/health", async (NearDupIndex idx, CancellationToken cancellationToken) =>
            Results.Ok(new { status = "ok", documents = (await idx.StatsAsync(cancellationToken).ConfigureAwait(false)).Documents }));
        app.MapGet("/metrics", async (NearDupIndex idx, ServerMetrics metrics, CancellationToken cancellationToken) =>
            Results.Text(metrics.Render((await idx.StatsAsync(cancellationToken).ConfigureAwait(false)).Documents), "text/plain; version=0.0.4"));
        DocumentEndpoints.Map(app);
        // The word counts are read as the service starts, not at its first match or add (which wait for them).
        app.Lifetime.ApplicationStarted.Register(() => _ = LoadWordsAsync(index, app.Lifetime.ApplicationStopping));
        app.Lifetime.ApplicationStopped.Register(index.Dispose);
        return app;
    }

    private static async Task LoadWordsAsync(NearDupIndex index, CancellationToken stopping)
    {
        try
        {
            await index.LoadWordsAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Stopped while reading: nothing to keep.
        }
    }
}
