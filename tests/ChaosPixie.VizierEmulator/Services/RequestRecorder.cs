using System.Text.Json;
using Google.Protobuf;

namespace ChaosPixie.VizierEmulator.Services;

/// <summary>
/// Appends every request to a JSON Lines file, flushed at once, so a test can check what the client really sent:
/// {"method": path, "metadata": {lower-case header: value}, "body": the request as protobuf JSON}.
/// </summary>
internal sealed class RequestRecorder : IDisposable
{
    private readonly FileStream file;
    private readonly Lock gate = new();

    public RequestRecorder(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
    }

    public void Record(string method, IHeaderDictionary headers, IMessage? body)
    {
        using var line = new MemoryStream();
        using (var json = new Utf8JsonWriter(line))
        {
            json.WriteStartObject();
            json.WriteString("method", method);
            json.WriteStartObject("metadata");
            foreach (var (name, value) in headers)
            {
                // Kestrel keeps HTTP/2 pseudo-headers out of this dictionary; gRPC metadata names are lower case.
                json.WriteString(name.ToLowerInvariant(), value.ToString());
            }

            json.WriteEndObject();
            json.WritePropertyName("body");
            if (body is null)
            {
                // A plain HTTP request (the script bundle) has no protobuf body.
                json.WriteNullValue();
            }
            else
            {
                json.WriteRawValue(JsonFormatter.Default.Format(body));
            }
            json.WriteEndObject();
        }

        line.WriteByte((byte)'\n');
        lock (gate)
        {
            line.WriteTo(file);
            file.Flush();
        }
    }

    public void Dispose() => file.Dispose();
}
