using NearDup.Fuzz;
using SharpFuzz;

// neardup-fuzz TARGET            : run under afl-fuzz (input on stdin, SharpFuzz's fork server)
// neardup-fuzz TARGET FILE...    : replay files in-process and print the outcome (triage)
if (args.Length == 0 || !FuzzTargets.Names.Contains(args[0]))
{
    Console.Error.WriteLine("usage: NearDup.Fuzz " + string.Join('|', FuzzTargets.Names) + " [FILE...]");
    return 2;
}

string target = args[0];
if (args.Length > 1)
{
    int failed = 0;
    foreach (string file in args[1..])
    {
        try
        {
            FuzzTargets.Run(target, File.ReadAllBytes(file));
            Console.WriteLine("ok    " + file);
        }
#pragma warning disable CA1031 // triage prints every failure and goes on
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failed++;
            Console.WriteLine("FAIL  " + file + ": " + ex);
        }
    }

    return failed == 0 ? 0 : 1;
}

// Out of process: a stack overflow or a kill in the target is a crash AFL sees, not the end of the fork server.
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    FuzzTargets.Run(target, buffer.ToArray());
});
return 0;
