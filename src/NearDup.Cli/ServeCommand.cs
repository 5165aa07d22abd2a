using System.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NearDup.Server;

namespace NearDup.Cli;

/// <summary>
/// <c>neardup serve --index DIR --urls URL</c>: the index as an HTTP service. The command hosts NearDup.Server in its
/// own process, so one installed tool makes keys, fills the index and serves it.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var defaults = new ServerOptions();
        var index = IndexCommand.IndexOption();
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on, ';'-separated (port 0: any free port).", DefaultValueFactory = _ => defaults.Urls };
        var rate = new Option<int>("--requests-per-second") { Description = "Requests per second each API key may make.", DefaultValueFactory = _ => defaults.RequestsPerSecond };
        var maxRequest = new Option<long>("--max-request-mb") { Description = "Largest request body.", DefaultValueFactory = _ => defaults.MaxRequestBytes >> 20 };
        var semantic = IndexCommand.SemanticOption();
        var command = new Command("serve", "Serve the index over HTTP: POST /v1/documents, POST /v1/match, GET /v1/documents/{id}, /v1/stories/{id}, /health, /metrics, /openapi/v1.json.")
        {
            index, urls, rate, maxRequest, semantic,
        };
        CommandSettings.SetAction(command, async (parse, cancellationToken) =>
        {
            var options = defaults with
            {
                IndexDirectory = parse.GetValue(index)!,
                Urls = parse.GetValue(urls)!,
                RequestsPerSecond = parse.GetValue(rate),
                Burst = Math.Max(defaults.Burst, 2 * parse.GetValue(rate)),
                MaxRequestBytes = parse.GetValue(maxRequest) << 20,
            };
            Microsoft.AspNetCore.Builder.WebApplication app;
            try
            {
                app = IndexServer.Build(options, IndexCommand.Settings(parse.GetValue(semantic)!));
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or Microsoft.Data.Sqlite.SqliteException)
            {
                await Console.Error.WriteLineAsync($"neardup serve: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            await using (app.ConfigureAwait(false))
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                foreach (string address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
                {
                    Console.WriteLine($"listening on {address}");
                }

                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }, index);
        return command;
    }
}
