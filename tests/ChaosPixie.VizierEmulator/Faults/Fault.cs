using System.Globalization;

namespace ChaosPixie.VizierEmulator.Faults;

internal enum FaultKind
{
    CompileError,
    RuntimeError,
    Auth,
    Cut,
    MissingEos,
    UnknownTable,
    Delay,
    Hang,
    Unavailable,
    NumRows,
    ColumnLength,
    LongTableName,
    EmptyColumnName,
    DuplicateColumnName,
    RelationChange,
    Reset,
    GoAway,
    Stall,
    EchoKey,
    ManyTables,
    PlaintextBatch,
    BadTag,
    EncryptUnasked,
    RefuseEcKeys,
    CutOnce,
}

/// <summary>A misbehaviour the emulator plays instead of (or inside) a normal ExecuteScript answer.</summary>
internal sealed record Fault(FaultKind Kind, int Line = 1, int Column = 1, string Message = "", int Code = 0, int DelayMs = 0, long Value = 0, int Count = 0, string In = "")
{
    private static readonly Dictionary<string, FaultKind> Kinds = new(StringComparer.Ordinal)
    {
        ["compile-error"] = FaultKind.CompileError,
        ["runtime-error"] = FaultKind.RuntimeError,
        ["auth"] = FaultKind.Auth,
        ["cut"] = FaultKind.Cut,
        ["missing-eos"] = FaultKind.MissingEos,
        ["unknown-table"] = FaultKind.UnknownTable,
        ["delay"] = FaultKind.Delay,
        ["hang"] = FaultKind.Hang,
        ["unavailable"] = FaultKind.Unavailable,
        ["num-rows"] = FaultKind.NumRows,
        ["column-length"] = FaultKind.ColumnLength,
        ["long-table-name"] = FaultKind.LongTableName,
        ["empty-column-name"] = FaultKind.EmptyColumnName,
        ["duplicate-column-name"] = FaultKind.DuplicateColumnName,
        ["relation-change"] = FaultKind.RelationChange,
        ["reset"] = FaultKind.Reset,
        ["goaway"] = FaultKind.GoAway,
        ["stall"] = FaultKind.Stall,
        ["echo-key"] = FaultKind.EchoKey,
        ["many-tables"] = FaultKind.ManyTables,
        ["plaintext-batch"] = FaultKind.PlaintextBatch,
        ["bad-tag"] = FaultKind.BadTag,
        ["encrypt-unasked"] = FaultKind.EncryptUnasked,
        ["refuse-ec-keys"] = FaultKind.RefuseEcKeys,
        ["cut-once"] = FaultKind.CutOnce,
    };

    /// <summary>Builds a fault from its kind and key=value arguments; throws <see cref="FormatException"/> on a bad one.</summary>
    public static Fault Create(string kind, IReadOnlyDictionary<string, string> arguments)
    {
        if (!Kinds.TryGetValue(kind, out var faultKind))
        {
            throw new FormatException($"unknown fault '{kind}'; expected one of {string.Join(", ", Kinds.Keys)}.");
        }

        string[] allowed = faultKind switch
        {
            FaultKind.CompileError => ["line", "column", "message"],
            FaultKind.RuntimeError => ["code", "message"],
            FaultKind.Delay => ["ms"],
            FaultKind.NumRows => ["value"],
            FaultKind.LongTableName => ["length"],
            FaultKind.Reset => ["code"],
            FaultKind.EchoKey => ["in"],
            FaultKind.ManyTables => ["count"],
            FaultKind.CutOnce => ["after", "lose", "pause", "first"],
            _ => [],
        };
        var unknown = arguments.Keys.FirstOrDefault(key => !allowed.Contains(key));
        if (unknown is not null)
        {
            throw new FormatException($"fault '{kind}' takes no '{unknown}'" +
                (allowed.Length == 0 ? "." : $"; it takes {string.Join(", ", allowed)}."));
        }

        return faultKind switch
        {
            FaultKind.CompileError => new Fault(
                faultKind,
                Line: Number(arguments, "line", 1, 1, int.MaxValue),
                Column: Number(arguments, "column", 1, 1, int.MaxValue),
                Message: arguments.GetValueOrDefault("message", "invalid syntax")),
            FaultKind.RuntimeError => new Fault(
                faultKind,
                Code: Number(arguments, "code", 13, 1, 16),
                Message: arguments.GetValueOrDefault("message", "runtime error")),
            FaultKind.Delay => new Fault(faultKind, DelayMs: Number(arguments, "ms", 1000, 0, int.MaxValue)),
            FaultKind.NumRows => new Fault(faultKind, Value: LongNumber(arguments, "value", -1)),
            FaultKind.LongTableName => new Fault(faultKind, Count: Number(arguments, "length", 5000, 1, 1_000_000)),
            // HTTP/2 error codes: 0x8 CANCEL (what proxies send), 0x2 INTERNAL_ERROR, 0x7 REFUSED_STREAM, ...
            FaultKind.Reset => new Fault(faultKind, Code: Number(arguments, "code", 8, 0, 13)),
            FaultKind.EchoKey => new Fault(faultKind, In: arguments.GetValueOrDefault("in", "status") is "status" or "trailer"
                ? arguments.GetValueOrDefault("in", "status")
                : throw new FormatException($"in={arguments["in"]}: expected status or trailer.")),
            FaultKind.ManyTables => new Fault(faultKind, Count: Number(arguments, "count", 10000, 1, 1_000_000)),
            // Count: messages sent before the cut; In: what is lost (none, next or eos); DelayMs: the pause before the reset;
            // Value: how many queries of the same script text are cut (0: every one), the later ones served whole.
            FaultKind.CutOnce => new Fault(
                faultKind,
                Count: Number(arguments, "after", 1, 0, int.MaxValue),
                DelayMs: Number(arguments, "pause", 200, 0, 60_000),
                Value: Number(arguments, "first", 0, 0, int.MaxValue),
                In: arguments.GetValueOrDefault("lose", "none") is "none" or "next" or "eos"
                    ? arguments.GetValueOrDefault("lose", "none")
                    : throw new FormatException($"lose={arguments["lose"]}: expected none, next or eos.")),
            _ => new Fault(faultKind),
        };
    }

    private static long LongNumber(IReadOnlyDictionary<string, string> arguments, string key, long fallback) =>
        !arguments.TryGetValue(key, out var text) ? fallback
        : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw new FormatException($"{key}={text}: expected a whole number (a 64-bit integer).");

    private static int Number(IReadOnlyDictionary<string, string> arguments, string key, int fallback, int min, int max)
    {
        if (!arguments.TryGetValue(key, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"{key}={text}: expected a whole number from {min} to {max}.");
    }
}
