using System.Text;

namespace ChaosPixie.Engine.Experiments.Loading;

/// <summary>
/// Reads an experiment or variable file as text: at most <see cref="DocumentLimits.MaxFileBytes"/> bytes (so a huge
/// file or a device is refused, not read to the end), UTF-8 with or without a byte order mark, or UTF-16 with one
/// (what Windows PowerShell's Out-File writes). Bytes that are not valid text are an error that says where, never
/// replacement characters that would change a value silently.
/// </summary>
public static class DocumentText
{
    public static string Read(string path)
    {
        var bytes = ReadBounded(path);
        var (encoding, skip) = bytes switch
        {
            [0xEF, 0xBB, 0xBF, ..] => ((Encoding)new UTF8Encoding(false, true), 3),
            [0xFF, 0xFE, ..] => (new UnicodeEncoding(false, false, true), 2),
            [0xFE, 0xFF, ..] => (new UnicodeEncoding(true, false, true), 2),
            _ => (new UTF8Encoding(false, true), 0),
        };
        try
        {
            return encoding.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException e)
        {
            var offset = skip + Math.Max(e.Index, 0);
            var hint = skip == 0 && bytes.Length >= 2 && (bytes[0] == 0 || bytes[1] == 0)
                ? " It looks like UTF-16 without a byte order mark: save it as UTF-8."
                : " Save it as UTF-8.";
            throw new ExperimentException(
                ExperimentErrorKind.ParseError,
                $"\"{path}\" is not valid {(skip == 2 ? "UTF-16" : "UTF-8")} text: the bytes at offset {offset} are not a character.{hint}",
                DocumentPath.Root,
                e);
        }
    }

    /// <summary>The index of the first UTF-16 surrogate without its pair in <paramref name="text"/> (a "\ud800" escape makes one), or null.</summary>
    public static int? LoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return null;
    }

    private static byte[] ReadBounded(string path)
    {
        try
        {
            return ReadAll(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExperimentException(ExperimentErrorKind.NotFound, $"\"{path}\" cannot be read: {e.Message}", DocumentPath.Root, e);
        }
    }

    private static byte[] ReadAll(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.CanSeek && stream.Length > DocumentLimits.MaxFileBytes)
        {
            throw TooLarge(path);
        }

        // A device or a pipe has no length: it is read up to the limit.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > DocumentLimits.MaxFileBytes)
            {
                throw TooLarge(path);
            }
        }

        return buffer.ToArray();
    }

    private static ExperimentException TooLarge(string path) => new(
        ExperimentErrorKind.ParseError,
        $"\"{path}\" is larger than {DocumentLimits.MaxFileBytes:N0} bytes, which is the limit for an experiment or a variable file.",
        DocumentPath.Root);
}
