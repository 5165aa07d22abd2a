using Microsoft.AspNetCore.Http;
using NearDup.Index;

namespace NearDup.Server;

/// <summary>
/// Bearer API keys: every <c>/v1</c> and <c>/metrics</c> request names a valid key (else 401); a read key may not
/// write (403). The key's record is left in <see cref="HttpContext.Items"/> for the rate limiter.
/// </summary>
internal sealed class ApiKeyAuthentication(RequestDelegate next, NearDupIndex index, ServerMetrics metrics)
{
    public const string KeyItem = "neardup.key";

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        bool guarded = path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);
        if (!guarded)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        string? header = context.Request.Headers.Authorization;
        string? secret = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        var key = await ApiKeys.VerifyAsync(index.Store, secret, context.RequestAborted).ConfigureAwait(false);
        if (key is null)
        {
            metrics.Refused();
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: secret is null ? "Send an API key as 'Authorization: Bearer KEY' (make one with neardup keys add)." : "The API key is not valid or was revoked.")
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        bool writes = HttpMethods.IsDelete(context.Request.Method) ||
            (HttpMethods.IsPost(context.Request.Method) && path.StartsWithSegments("/v1/documents", StringComparison.OrdinalIgnoreCase));
        if (writes && key.Role != ApiKeyRole.Write)
        {
            metrics.Refused();
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                detail: $"Key {key.Id} may only read; adding and removing documents needs a write key.")
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        context.Items[KeyItem] = key;
        await next(context).ConfigureAwait(false);
    }
}
