using Rempart.Fuzz;

// AFL++ harness: `dotnet Rempart.Fuzz.dll <target>` under afl-fuzz (SharpFuzz instruments Rempart.Core.dll), or
// `dotnet Rempart.Fuzz.dll <target> <file>...` to replay inputs (a crash's file, a seed) outside the fuzzer.
if (args is ["seeds", var folder])
{
    foreach (var (name, bytes) in FuzzTargets.Seeds())
    {
        Directory.CreateDirectory(Path.Combine(folder, name));
        File.WriteAllBytes(Path.Combine(folder, name, "seed"), bytes);
        FuzzTargets.Run(name, bytes);
    }

    return 0;
}

if (args.Length == 0 || !FuzzTargets.Names.Contains(args[0]))
{
    Console.Error.WriteLine("usage: Rempart.Fuzz <target> [input files...]; targets: " + string.Join(", ", FuzzTargets.Names));
    return 2;
}

var target = args[0];
if (args.Length > 1)
{
    foreach (var file in args.Skip(1))
    {
        FuzzTargets.Run(target, File.ReadAllBytes(file));
        Console.WriteLine($"{file}: handled");
    }

    return 0;
}

SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    FuzzTargets.Run(target, buffer.ToArray());
});
return 0;
