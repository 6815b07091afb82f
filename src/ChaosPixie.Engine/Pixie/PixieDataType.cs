namespace ChaosPixie.Engine.Pixie;

/// <summary>The storage type of a Pixie column (vizierpb.DataType, same values).</summary>
public enum PixieDataType
{
    Unknown = 0,
    Boolean = 1,
    Int64 = 2,
    UInt128 = 3,
    Float64 = 4,
    String = 5,
    Time64NS = 6,
}
