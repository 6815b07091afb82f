namespace ChaosPixie.Engine.Pixie;

/// <summary>
/// One column of a table's relation, as the query broker described it. <see cref="Name"/> is the row's property:
/// the name Pixie sent, unless that was empty or taken by an earlier column (see <see cref="SourceName"/>).
/// </summary>
public sealed record PixieColumn(string Name, PixieDataType DataType, PixieSemanticType SemanticType, string Description)
{
    /// <summary>The name exactly as Pixie sent it; differs from <see cref="Name"/> only for a renamed column.</summary>
    public string SourceName { get; init; } = Name;

    public bool IsRenamed => !string.Equals(Name, SourceName, StringComparison.Ordinal);

    /// <summary>A string column that holds a quantiles object (P01..P99) rather than text.</summary>
    public bool IsQuantiles =>
        DataType == PixieDataType.String &&
        SemanticType is PixieSemanticType.Quantiles or PixieSemanticType.DurationNSQuantiles;

    /// <summary>Values are nanosecond durations: scalar durations, or quantiles of durations.</summary>
    public bool IsDuration => SemanticType is PixieSemanticType.DurationNS or PixieSemanticType.DurationNSQuantiles;

    /// <summary>
    /// The .NET type of this column's values on a row. A quantiles value is a <see cref="PixieQuantiles"/>, or its
    /// text when that is not Pixie's quantiles JSON, so the column's type is object.
    /// </summary>
    public Type ClrType => IsQuantiles ? typeof(object) : DataType switch
    {
        PixieDataType.Boolean => typeof(bool),
        PixieDataType.Int64 => typeof(long),
        PixieDataType.UInt128 => typeof(Guid),
        PixieDataType.Float64 => typeof(double),
        PixieDataType.Time64NS => typeof(PixieTime),
        _ => typeof(string),
    };

    /// <summary>The type a row keeps the value in: a time's Unix nanoseconds, which its property wraps in a PixieTime.</summary>
    internal Type StorageType => DataType == PixieDataType.Time64NS ? typeof(long) : ClrType;
}
