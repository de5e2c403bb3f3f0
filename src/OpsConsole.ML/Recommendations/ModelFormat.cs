using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace OpsConsole.Recommendations;

/// <summary>
/// The binary envelope every saved model shares: a magic number, the generator name and a format version, then the
/// generator's own payload. The name lets one loader dispatch any saved model; the version lets a newer build refuse
/// (rather than misread) a payload it does not understand.
/// </summary>
public static class ModelFormat
{
    private const uint Magic = 0x43455250; // "PREC" read as little-endian bytes

    public static BinaryWriter BeginWrite(Stream stream, string generator, int version)
    {
        var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(generator);
        writer.Write(version);
        return writer;
    }

    /// <summary>Reads the envelope and returns the generator name and version; the reader is left at the payload.</summary>
    public static (string Generator, int Version) ReadHeader(BinaryReader reader)
    {
        uint magic;
        try
        {
            magic = reader.ReadUInt32();
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("The stream is empty or too short to hold a recommendation model.");
        }
        if (magic != Magic)
        {
            throw new InvalidDataException("The stream does not hold a recommendation model (bad magic number).");
        }
        return (reader.ReadString(), reader.ReadInt32());
    }

    /// <summary>Opens a stream for a generator's payload, failing when the envelope names another generator or a newer version.</summary>
    public static (BinaryReader Reader, int Version) BeginRead(Stream stream, string generator, int maxVersion)
    {
        var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var (name, version) = ReadHeader(reader);
        if (name != generator)
        {
            throw new InvalidDataException($"The model was saved by generator '{name}', not '{generator}'.");
        }
        if (version < 1 || version > maxVersion)
        {
            throw new InvalidDataException($"The '{generator}' model has format version {version}; this build reads versions 1 to {maxVersion}.");
        }
        return (reader, version);
    }

    public static void WriteArray<T>(BinaryWriter writer, ReadOnlySpan<T> values) where T : unmanaged
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values));
    }

    public static T[] ReadArray<T>(BinaryReader reader) where T : unmanaged
    {
        var length = reader.ReadInt32();
        var stream = reader.BaseStream;
        if (length < 0 || (stream.CanSeek && (long)length * Unsafe.SizeOf<T>() > stream.Length - stream.Position))
        {
            throw new InvalidDataException($"The model declares an array of {length} values that the stream cannot hold; the file is truncated or corrupt.");
        }
        var values = GC.AllocateUninitializedArray<T>(length);
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        reader.BaseStream.ReadExactly(bytes);
        return values;
    }

    public static void WriteStrings(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    public static string[] ReadStrings(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException("The model holds a string list of negative length.");
        }
        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.ReadString();
        }
        return values;
    }
}
