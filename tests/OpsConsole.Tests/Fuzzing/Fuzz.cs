using System.Diagnostics;
using System.Text;
using CsCheck;

namespace OpsConsole.Tests.Fuzzing;

/// <summary>
/// Runs a generator a fixed number of times from a fixed seed, one thread, so every run tries the same inputs and a
/// failure names the seed that reproduces it (pass it to <c>Check.Sample(seed: …)</c> to shrink it).
/// CsCheck's own Sample seeds only its first iteration; the rest would differ run to run.
/// </summary>
public static class Fuzz
{
    public const ulong Seed = 20261128;

    /// <summary>No single input may take longer than this: a parser that loops or backtracks on one fails here.</summary>
    public static readonly TimeSpan PerInputBudget = TimeSpan.FromSeconds(2);

    public static void Run<T>(Gen<T> gen, Action<T> assert, int iterations, uint stream = 1, Func<T, string>? print = null)
    {
        var pcg = new PCG(stream, Seed);
        for (var i = 0; i < iterations; i++)
        {
            var state = pcg.State;
            var input = gen.Generate(pcg, null, out _);
            var started = Stopwatch.GetTimestamp();
            try
            {
                assert(input);
            }
            catch (Exception e)
            {
                throw new FuzzFailure($"Input {i} (seed \"{pcg.ToString(state)}\") failed: {Describe(input, print)}", e);
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed > PerInputBudget)
            {
                throw new FuzzFailure($"Input {i} (seed \"{pcg.ToString(state)}\") took {elapsed.TotalSeconds:0.0} s: {Describe(input, print)}", null);
            }
        }
    }

    public static async Task RunAsync<T>(Gen<T> gen, Func<T, Task> assert, int iterations, uint stream = 1, Func<T, string>? print = null)
    {
        var pcg = new PCG(stream, Seed);
        for (var i = 0; i < iterations; i++)
        {
            var state = pcg.State;
            var input = gen.Generate(pcg, null, out _);
            try
            {
                await assert(input).WaitAsync(PerInputBudget * 5);
            }
            catch (Exception e)
            {
                throw new FuzzFailure($"Input {i} (seed \"{pcg.ToString(state)}\") failed: {Describe(input, print)}", e);
            }
        }
    }

    private static string Describe<T>(T input, Func<T, string>? print)
    {
        var text = print is not null ? print(input) : input is byte[] bytes ? Convert.ToHexString(bytes) : input?.ToString() ?? "null";
        return text.Length <= 2_000 ? text : text[..2_000] + "…";
    }
}

public sealed class FuzzFailure(string message, Exception? inner) : Exception(message, inner);

/// <summary>Generators of hostile text: the shapes that break parsers, mixed with plain noise.</summary>
public static class Hostile
{
    /// <summary>Single characters that parsers trip on: controls, quotes, separators, surrogates (paired and lone), BOM, RTL marks, NUL.</summary>
    public static readonly Gen<char> OddChar = Gen.Frequency(
        (6, Gen.Char[' ', '~']),
        (2, Gen.Char["\",\r\n\t\\{}[]:;|\0"]),
        (1, Gen.Char["\uFEFF\u200B\u202E\u2028\u2029\u00A0\uFFFD\uFFFF"]),
        (1, Gen.Char['\uD800', '\uDFFF']),
        (1, Gen.Char['\u0080', '\uFFFF']));

    public static readonly Gen<string> Text = Gen.Frequency(
        (4, Gen.String[OddChar, 0, 40]),
        (2, Gen.String.AlphaNumeric),
        (1, Gen.OneOf("", " ", "null", "NaN", "Infinity", "-Infinity", "1e309", "-0", "0x10", "1,5", "١٢٣", "２０２６-０５-０１",
            "9999999999999999999999999999999", "2026-02-30", "2026-05-01T10:00:00", "2026-05-01T10:00:00+14:01", "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59-14:00", "\uD83D\uDE00", "\uD83D", "\u202Eevil", "a\0b", "true", "[]", "{}")),
        (1, Gen.Int[1, 70_000].Select(n => new string('x', n))));

    public static readonly Gen<string> Scalar = Gen.Frequency(
        (4, Text.Select(Quote)),
        (2, Gen.OneOf("null", "true", "false", "0", "-1", "1.5", "1e308", "-1e308", "1e400", "NaN", "Infinity", "-0.0", "123456789012345678901234567890",
            "0.0000000000000000000000000000001", "79228162514264337593543950336", "10000000000000000")),
        (1, Gen.Double.Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>A JSON value of any kind, including the ones a lenient reader would refuse, nested up to a few levels.</summary>
    public static readonly Gen<string> JsonValue = Gen.Recursive<string>((depth, inner) => depth >= 3
        ? Scalar
        : Gen.Frequency(
            (6, Scalar),
            (1, inner.Array[0, 4].Select(a => "[" + string.Join(",", a) + "]")),
            (1, Gen.Select(Text, inner).Array[0, 4].Select(ps => "{" + string.Join(",", ps.Select(p => Quote(p.Item1) + ":" + p.Item2)) + "}"))));

    /// <summary>JSON text with the string escaped as a serializer would (so lone surrogates become \uD800 escapes).</summary>
    public static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    /// <summary>Nesting far past any parser's depth limit.</summary>
    public static readonly Gen<string> DeepNesting = Gen.Select(Gen.Int[30, 5_000], Gen.OneOf("[", "{\"a\":"), (n, open) =>
        string.Concat(Enumerable.Repeat(open, n)) + "1" + string.Concat(Enumerable.Repeat(open == "[" ? "]" : "}", n)));

    /// <summary>
    /// A valid document damaged the way transports and senders damage them: truncated, a slice repeated, bytes flipped,
    /// inserted or dropped, a BOM in front, line endings mixed, or the whole thing repeated.
    /// </summary>
    public static Gen<byte[]> Mutated(Gen<string> valid) =>
        Gen.Select(valid, Gen.Int[0, 8], Gen.Int, Gen.Int, Gen.Byte, (text, kind, a, b, value) => Mutate(Encoding.UTF8.GetBytes(text), kind, a, b, value));

    private static byte[] Mutate(byte[] doc, int kind, int a, int b, byte value)
    {
        if (doc.Length == 0) return doc;
        var i = (int)((uint)a % doc.Length);
        var j = (int)((uint)b % doc.Length);
        var (lo, hi) = (Math.Min(i, j), Math.Max(i, j));
        return kind switch
        {
            0 => doc[..i],
            1 => [.. doc[..hi], .. doc[lo..hi], .. doc[hi..]],
            2 => [.. doc[..i], value, .. doc[(i + 1)..]],
            3 => [.. doc[..i], value, .. doc[i..]],
            4 => [.. doc[..lo], .. doc[hi..]],
            5 => [0xEF, 0xBB, 0xBF, .. doc],
            6 => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(doc).Replace("\n", i % 2 == 0 ? "\r\n" : "\r")),
            7 => [.. doc, .. doc],
            _ => doc,
        };
    }

    public static Gen<byte[]> Bytes => Gen.Frequency((3, Gen.Byte.Array[0, 300]), (1, Gen.Byte[0x20, 0x7E].Array[0, 300]));
}
