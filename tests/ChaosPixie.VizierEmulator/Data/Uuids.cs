using System.Buffers.Binary;

namespace ChaosPixie.VizierEmulator.Data;

/// <summary>Pixie's two 64-bit halves of a UUID: bytes 0-7 and 8-15 of its RFC 4122 form, each read big-endian.</summary>
internal static class Uuids
{
    public static (ulong High, ulong Low) Split(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return (BinaryPrimitives.ReadUInt64BigEndian(bytes[..8]), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    public static Guid Join(ulong high, ulong low)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes[..8], high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], low);
        return new Guid(bytes, bigEndian: true);
    }
}
