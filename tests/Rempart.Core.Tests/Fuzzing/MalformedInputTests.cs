using Rempart.Fuzz;

namespace Rempart.Core.Tests.Fuzzing;

/// <summary>
/// Malformed files for every importer, made by mutating a valid one (bit flips, bytes inserted, removed or repeated,
/// truncation, foreign text spliced in), seeded so that a failure replays: each must get a clear refusal or be
/// read, never another exception. The coverage-guided run of the same targets is tools/fuzz/run.sh (AFL++).
/// </summary>
public sealed class MalformedInputTests
{
    private static readonly IReadOnlyDictionary<string, byte[]> Valid = FuzzTargets.Seeds();

    public static TheoryData<string> Targets => [.. FuzzTargets.Names];

    [Theory]
    [MemberData(nameof(Targets))]
    public void A_valid_file_is_read(string target) => FuzzTargets.Run(target, Valid[target]);

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_malformed_variant_gets_a_clear_refusal_or_is_read(string target)
    {
        var random = new Random(2024);
        var runs = target == "catalog-yaml" ? 100 : 1500;
        var failures = new List<string>();
        for (var i = 0; i < runs; i++)
        {
            var input = Mutate(Valid[target], random);
            try
            {
                FuzzTargets.Run(target, input);
            }
            catch (Exception e)
            {
                failures.Add($"variant {i} ({input.Length} bytes): {e.GetType().Name}: {e.Message.Split('\n')[0]} at {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
            }
        }

        failures.Should().BeEmpty(string.Join("\n", failures.Take(10)));
    }

    /// <summary>Inputs AFL++ found crashing (tools/fuzz/run.sh), kept named by their target: each must now get a clear refusal.</summary>
    public static TheoryData<string> Regressions =>
        [.. Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Fuzzing", "Regressions")).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Regressions))]
    public void An_input_the_fuzzer_once_crashed_on_is_refused_clearly(string file) =>
        FuzzTargets.Run(file[..file.IndexOf('.', StringComparison.Ordinal)], File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fuzzing", "Regressions", file)));

    private static readonly byte[][] Foreign =
    [
        "\"\"\"\n,,,;;\t\r\n"u8.ToArray(), "C\u00f4te d'Ivoire \u00e9\u00e8"u8.ToArray(), [0xEF, 0xBB, 0xBF], [0xFF, 0xFE, 0x00, 0x00], "{\"type\":[}"u8.ToArray(),
        "- id: [\n  &a *a !!binary"u8.ToArray(), "999999999999999999999999,-1e308,NaN,Infinity"u8.ToArray(), [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00],
    ];

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = new List<byte>(valid);
        var steps = 1 + random.Next(6);
        for (var s = 0; s < steps && bytes.Count > 0; s++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(16)));
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4:
                    bytes.InsertRange(at, Foreign[random.Next(Foreign.Length)]);
                    break;
                case 5:
                    var length = Math.Min(bytes.Count - at, 1 + random.Next(64));
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                default:
                    const string Special = "0,;\"\n-:{}[]9";
                    bytes[at] = (byte)Special[random.Next(Special.Length)];
                    break;
            }
        }

        return [.. bytes];
    }
}
