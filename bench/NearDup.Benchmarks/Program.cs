using System.Globalization;
using NearDup.Benchmarks;

if (args.Length > 0 && args[0] == "scale")
{
    ScaleRun.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000);
    return;
}

if (args.Length > 1 && args[0] == "front")
{
    FrontRun.Run(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : int.MaxValue);
    return;
}

if (args.Length > 1 && args[0] == "group")
{
    GroupRun.Run(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
    return;
}

if (args.Length > 1 && args[0] == "steps")
{
    StepRun.Run(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2_000,
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 15);
    return;
}

if (args.Length > 0 && args[0] == "cpu")
{
    CpuThroughput.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3_000);
    return;
}

if (args.Length > 0 && args[0] == "encoders")
{
    EncoderProbe.Run(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 400,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
    return;
}

if (args.Length > 1 && args[0] == "encoders-load")
{
    EncoderProbe.Load(args[1] == "fp32" ? NearDup.Semantic.MiniLM.MiniLmPrecision.Float32 : NearDup.Semantic.MiniLM.MiniLmPrecision.Int8);
    return;
}

if (args.Length > 1 && args[0] == "cross-encoder-load")
{
    EncoderProbe.LoadCrossEncoder(shipped: args[1] == "shipped");
    return;
}

if (args.Length > 1 && args[0] == "encoders-memory")
{
    EncoderMemoryProbe.Run(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4_000);
    return;
}

if (args.Length > 0 && args[0] == "models-memory")
{
    ModelsMemoryProbe.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000);
    return;
}

if (args.Length > 0 && args[0] == "model-threads")
{
    ModelThreadsProbe.Run(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
    return;
}

if (args.Length > 1 && args[0] == "encoders-write")
{
    EncoderMemoryProbe.Write(args[1]);
    return;
}

if (args.Length > 0 && args[0] == "wordpiece-check")
{
    WordPieceBench.Check();
    return;
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(TokenizeBench).Assembly).Run(args);
