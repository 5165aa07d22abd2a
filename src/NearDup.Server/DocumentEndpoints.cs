using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NearDup.Index;

namespace NearDup.Server;

/// <summary>The <c>/v1</c> endpoints: add, match, read and remove documents, read relations and stories.</summary>
internal static class DocumentEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        v1.MapPost("/documents", AddAsync).WithName("AddDocuments")
            .WithSummary("Add one document or a batch: each is matched against the index, joins or starts a story, and is kept.")
            .Produces<OutcomesResponse>().ProducesProblem(400).ProducesProblem(409).ProducesProblem(413);
        v1.MapPost("/match", MatchAsync).WithName("MatchDocuments")
            .WithSummary("Match one document or a batch against the index without adding.")
            .Produces<OutcomesResponse>().ProducesProblem(400).ProducesProblem(413);
        v1.MapGet("/documents/{id}", GetAsync).WithName("GetDocument").Produces<DocumentResponse>().ProducesProblem(404);
        v1.MapGet("/documents/{id}/relations", RelationsAsync).WithName("GetRelations").Produces<RelationsResponse>().ProducesProblem(404);
        v1.MapGet("/stories/{id:long}", StoryAsync).WithName("GetStory").Produces<IndexStory>().ProducesProblem(404);
        v1.MapDelete("/documents/{id}", RemoveAsync).WithName("RemoveDocument").Produces(204).ProducesProblem(404);
    }

    private static async Task<IResult> AddAsync(HttpContext context, NearDupIndex index, ServerOptions options, ServerMetrics metrics)
    {
        var watch = Stopwatch.StartNew();
        // Requests are added in the order they arrive, not the order their bodies are read: a client with a request
        // in flight while it sends the next gets the result of waiting for each answer.
        using var turn = index.TakeTurn();
        var (documents, problem) = await ReadDocumentsAsync(context, options, metrics).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var outcomes = await index.AddAsync(documents!, turn, context.RequestAborted).ConfigureAwait(false);
        metrics.Added(outcomes.Count(o => o.Status == IndexStatus.Added), watch.Elapsed);
        if (documents!.Count == 1 && outcomes[0].Status is IndexStatus.Conflict or IndexStatus.Rejected)
        {
            int status = outcomes[0].Status == IndexStatus.Conflict ? StatusCodes.Status409Conflict : Refusal(outcomes[0], options);
            return Results.Problem(statusCode: status, title: outcomes[0].Status == IndexStatus.Conflict ? "Conflict" : "Document refused", detail: outcomes[0].Message);
        }

        return Results.Ok(new OutcomesResponse(outcomes));
    }

    private static async Task<IResult> MatchAsync(HttpContext context, NearDupIndex index, ServerOptions options, ServerMetrics metrics)
    {
        var watch = Stopwatch.StartNew();
        var (documents, problem) = await ReadDocumentsAsync(context, options, metrics).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var outcomes = await index.MatchAsync(documents!, context.RequestAborted).ConfigureAwait(false);
        metrics.Matched(documents!.Count, watch.Elapsed);
        if (documents.Count == 1 && outcomes[0].Status == IndexStatus.Rejected)
        {
            return Results.Problem(statusCode: Refusal(outcomes[0], options), title: "Document refused", detail: outcomes[0].Message);
        }

        return Results.Ok(new OutcomesResponse(outcomes));
    }

    private static async Task<IResult> GetAsync(string id, NearDupIndex index, CancellationToken cancellationToken)
    {
        var doc = await index.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return doc is null
            ? NotFound(id)
            : Results.Ok(new DocumentResponse(doc.Id, doc.Story, doc.Url, doc.Source, doc.Published, doc.TokenCount, doc.Text!));
    }

    private static async Task<IResult> RelationsAsync(string id, NearDupIndex index, CancellationToken cancellationToken)
    {
        var relations = await index.RelationsAsync(id, cancellationToken).ConfigureAwait(false);
        return relations is null ? NotFound(id) : Results.Ok(new RelationsResponse(id, relations));
    }

    private static async Task<IResult> StoryAsync(long id, NearDupIndex index, CancellationToken cancellationToken)
    {
        var story = await index.StoryAsync(id, cancellationToken).ConfigureAwait(false);
        return story is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No story {id}.")
            : Results.Ok(story);
    }

    private static async Task<IResult> RemoveAsync(string id, NearDupIndex index, CancellationToken cancellationToken) =>
        await index.RemoveAsync(id, cancellationToken).ConfigureAwait(false) ? Results.NoContent() : NotFound(id);

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No document '{id}'.");

    private static int Refusal(IndexOutcome outcome, ServerOptions options) =>
        outcome.Message?.Contains("more than the limit", StringComparison.Ordinal) == true ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;

    /// <summary>
    /// The request's documents: one object, an array, or <c>{"documents": [...]}</c>. The body is read here, not bound,
    /// so that every refusal (too large, not JSON, too many) is a problem document naming the cause.
    /// </summary>
    private static async Task<(List<Document>? Documents, IResult? Problem)> ReadDocumentsAsync(HttpContext context, ServerOptions options, ServerMetrics metrics)
    {
        if (context.Request.ContentLength > options.MaxRequestBytes)
        {
            metrics.Refused();
            return (null, TooLarge($"The request has {context.Request.ContentLength} bytes; the limit is {options.MaxRequestBytes}."));
        }

        JsonDocument json;
        try
        {
            json = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            metrics.Refused();
            return (null, TooLarge($"The request is larger than the limit of {options.MaxRequestBytes} bytes."));
        }
        catch (JsonException e)
        {
            return (null, Results.Problem(statusCode: 400, title: "Not JSON", detail: $"The body is not valid JSON: {e.Message}"));
        }

        using (json)
        {
            var root = json.RootElement;
            var items = root.ValueKind == JsonValueKind.Array ? root
                : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("documents", out var list) ? list
                : root;
            var inputs = new List<JsonElement>();
            if (items.ValueKind == JsonValueKind.Array)
            {
                inputs.AddRange(items.EnumerateArray());
            }
            else if (items.ValueKind == JsonValueKind.Object)
            {
                inputs.Add(items);
            }
            else
            {
                return (null, Results.Problem(statusCode: 400, title: "Bad request", detail: "Send a document {\"id\", \"text\", ...}, an array of them, or {\"documents\": [...]}."));
            }

            if (inputs.Count > options.MaxBatchDocuments)
            {
                metrics.Refused();
                return (null, TooLarge($"The request has {inputs.Count} documents; the limit is {options.MaxBatchDocuments}."));
            }

            var documents = new List<Document>(inputs.Count);
            for (int i = 0; i < inputs.Count; i++)
            {
                DocumentInput? input;
                try
                {
                    input = inputs[i].Deserialize<DocumentInput>(JsonSerializerOptions.Web);
                }
                catch (JsonException e)
                {
                    return (null, Results.Problem(statusCode: 400, title: "Bad document", detail: $"Document {i}: {e.Message}"));
                }

                if (input is null || string.IsNullOrWhiteSpace(input.Id) || input.Text is null)
                {
                    return (null, Results.Problem(statusCode: 400, title: "Bad document", detail: $"Document {i} needs an \"id\" and a \"text\"."));
                }

                documents.Add(input.ToDocument());
            }

            return (documents, null);
        }
    }

    private static IResult TooLarge(string detail) => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large", detail: detail);

    /// <summary>The answer of add and match: one outcome per document, in request order.</summary>
    internal sealed record OutcomesResponse(IReadOnlyList<IndexOutcome> Documents);

    internal sealed record DocumentResponse(string Id, long Story, string? Url, string? Source, DateTimeOffset? Date, int Tokens, string Text);

    internal sealed record RelationsResponse(string Id, IReadOnlyList<DocumentRelation> Relations);
}
