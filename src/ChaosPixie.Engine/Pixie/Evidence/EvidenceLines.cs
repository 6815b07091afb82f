namespace ChaosPixie.Engine.Pixie.Evidence;

/// <summary>
/// The lines of a stream as bytes, without decoding them to text: a row's line is parsed where it lies in the buffer.
/// A line may be up to <see cref="EvidenceFormat.MaxLineBytes"/> long; the last may lack its newline.
/// </summary>
internal sealed class EvidenceLines(Stream stream)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>The number of the line last read, from 1.</summary>
    public long Number { get; private set; }

    /// <summary>Whether the line last read ended with a newline (only a file's last line may not).</summary>
    public bool HadNewline { get; private set; }

    /// <summary>The next line, its newline included when it has one; false at the end of the stream.</summary>
    public bool TryRead(out ReadOnlySpan<byte> line)
    {
        var searched = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = searched + newline + 1;
                line = _buffer.AsSpan(_start, length);
                _start += length;
                HadNewline = true;
                Number++;
                return true;
            }

            searched = _end - _start;
            if (_eof)
            {
                line = _buffer.AsSpan(_start, _end - _start);
                _start = _end;
                HadNewline = false;
                if (line.IsEmpty)
                {
                    return false;
                }

                Number++;
                return true;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= EvidenceFormat.MaxLineBytes)
            {
                throw new PixieEvidenceException(
                    EvidenceErrorKind.Invalid,
                    $"Line {Number + 1:N0} is longer than {EvidenceFormat.MaxLineBytes / (1024 * 1024)} MB without a newline: this is not an evidence file as ChaosPixie writes it.",
                    Number + 1);
            }

            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, EvidenceFormat.MaxLineBytes));
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }
}
