using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NearDup.Index.Redis;

namespace NearDup.Tests.Index.Redis;

/// <summary>
/// A real Redis Cluster on loopback for the tests: three primaries with a replica each, on ports of its own and data in
/// a temporary folder, made with <c>redis-cli --cluster create</c> and stopped on dispose. Unavailable (tests skip)
/// only when redis-server is not installed.
/// </summary>
public sealed class RedisCluster : IDisposable
{
    // Ports below Linux's ephemeral range (32768 and up), so no client connection can hold one; each checked free.
    private const int LowestPort = 20000, HighestPort = 32000;
    private static int nextPort = LowestPort + (Environment.ProcessId % 250 * 40);
    private readonly List<Process> nodes = [];
    private readonly string folder = Path.Combine(Path.GetTempPath(), "neardup-redis-" + Guid.NewGuid().ToString("N"));

    public RedisCluster()
    {
        string? server = Find("redis-server");
        string? cli = Find("redis-cli");
        if (server is null || cli is null)
        {
            Missing = "redis-server is not installed (apt-get install -y redis-server; CI installs it)";
            return;
        }

        try
        {
            // The cluster bus gets a port of its own (by default the port + 10,000, in the ephemeral range).
            Ports = Enumerable.Range(0, 6).Select(_ => FreePort()).ToList();
            foreach (int port in Ports)
            {
                string dir = Path.Combine(folder, port.ToString(CultureInfo.InvariantCulture));
                Directory.CreateDirectory(dir);
                nodes.Add(Start(server, $"--port {port} --cluster-port {FreePort()} --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 1500 --dir {dir} --logfile {Path.Combine(dir, "node.log")} --save \"\" --appendonly no --protected-mode no"));
            }

            foreach (int port in Ports)
            {
                WaitFor(() => Cli(cli, port, "ping").Contains("PONG", StringComparison.Ordinal), $"node {port} to start");
            }

            string all = string.Join(' ', Ports.Select(p => $"127.0.0.1:{p}"));
            Run(cli, $"--cluster create {all} --cluster-replicas 1 --cluster-yes");
            foreach (int port in Ports)
            {
                WaitFor(() => Cli(cli, port, "cluster info").Contains("cluster_state:ok", StringComparison.Ordinal), $"node {port} to join the cluster");
            }
        }
        catch
        {
            Dispose(); // no node outlives a cluster that failed to form
            throw;
        }

        CliPath = cli;
    }

    /// <summary>Why the cluster is not there, or null when it runs.</summary>
    public string? Missing { get; }

    public IReadOnlyList<int> Ports { get; } = [];

    private string CliPath { get; } = "";

    /// <summary>Store options for a fresh index (a key prefix of its own) on this cluster.</summary>
    public RedisStoreOptions Options(string? prefix = null) => new()
    {
        Endpoints = Ports.Select(p => $"127.0.0.1:{p}").ToList(),
        KeyPrefix = prefix ?? "t" + Guid.NewGuid().ToString("N")[..12],
    };

    /// <summary>The URL of <see cref="Options"/> for the CLI.</summary>
    public string Url(string prefix) => $"redis://{string.Join(',', Ports.Select(p => $"127.0.0.1:{p}"))}/{prefix}";

    /// <summary>Runs a redis-cli command against the node on <paramref name="port"/>.</summary>
    public string Command(int port, string arguments) => Cli(CliPath, port, arguments);

    /// <summary>The port of the primary that holds <paramref name="key"/>'s slot.</summary>
    public int PrimaryOf(string key)
    {
        long slot = long.Parse(Command(Ports[0], $"cluster keyslot {key}").Trim(), CultureInfo.InvariantCulture);
        foreach (string line in Command(Ports[0], "cluster nodes").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (!parts[2].Contains("master", StringComparison.Ordinal) || parts[2].Contains("fail", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (string range in parts.Skip(8))
            {
                var ends = range.Split('-');
                long lo = long.Parse(ends[0], CultureInfo.InvariantCulture);
                long hi = ends.Length > 1 ? long.Parse(ends[1], CultureInfo.InvariantCulture) : lo;
                if (slot >= lo && slot <= hi)
                {
                    return int.Parse(parts[1].Split('@')[0].Split(':')[1], CultureInfo.InvariantCulture);
                }
            }
        }

        throw new InvalidOperationException($"No primary serves slot {slot}.");
    }

    /// <summary>Kills the node on <paramref name="port"/> (SIGKILL), as a crashed machine.</summary>
    public void Kill(int port)
    {
        var node = nodes[Ports.ToList().IndexOf(port)];
        node.Kill();
        node.WaitForExit();
    }

    public void Dispose()
    {
        foreach (var node in nodes)
        {
            try
            {
                if (!node.HasExited)
                {
                    node.Kill();
                    node.WaitForExit();
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            node.Dispose();
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A node still closing its files; the folder is in the temp directory.
        }
    }

    private static int FreePort()
    {
        while (true)
        {
            int port = Interlocked.Increment(ref nextPort);
            if (port >= HighestPort)
            {
                Interlocked.CompareExchange(ref nextPort, LowestPort, port);
                continue;
            }

            try
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException)
            {
                // In use: the next one.
            }
        }
    }

    private static Process Start(string file, string arguments) =>
        Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;

    private static string Cli(string cli, int port, string arguments)
    {
        try
        {
            return Run(cli, $"-h 127.0.0.1 -p {port} {arguments}");
        }
        catch (InvalidOperationException)
        {
            return "";
        }
    }

    private static string Run(string file, string arguments)
    {
        using var process = Start(file, arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new InvalidOperationException($"{file} {arguments} did not finish");
        }

        return output.Result + error.Result;
    }

    private static void WaitFor(Func<bool> ready, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!ready())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"Timed out waiting for {what}.");
            }

            Thread.Sleep(100);
        }
    }

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
