using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Python;
using ChaosPixie.Engine.Experiments.Settings;

namespace ChaosPixie.Engine.Experiments.Journal;

/// <summary>
/// Replaces every secret value in text and in JSON strings and keys with <c>***</c>, so that a secret that reached an
/// output, an error or the experiment's own <c>secrets</c> block never leaves the process. A number whose text is a
/// secret (an inline numeric secret, a PIN echoed in a JSON body) becomes the string <c>***</c>: the key stays, the
/// value does not. Each secret is also looked for in the encodings it travels in (<see cref="Encodings"/>): a secret
/// sent in an HTTP path or form body comes back URL-encoded, one inside JSON text comes back escaped.
/// </summary>
public sealed class Redactor
{
    public const string Mask = "***";

    private readonly object _gate = new();

    // Replaced whole when secrets are added, so that a redaction on another thread reads one consistent set.
    private volatile Known _known;

    public Redactor(IEnumerable<string> secrets) => _known = new Known(secrets);

    /// <summary>
    /// Whether some secret could be the text of a number (as Python writes an int or a float: digits, sign, point,
    /// exponent, inf, nan). When none could, numbers need not be formatted to be compared: most outputs are numbers.
    /// </summary>
    public bool MasksNumbers => _known.MasksNumbers;

    /// <summary>Redacts these values too from now on (a control gave the run new secrets); the earlier ones stay redacted.</summary>
    public void Add(IEnumerable<string> secrets)
    {
        lock (_gate)
        {
            _known = new Known(_known.Values.Concat(secrets));
        }
    }

    /// <summary>
    /// A run's redactor: the experiment's secret values, and the Pixie API keys the chaospixie functions may use in
    /// place of the secret <c>api_key</c>: PIXIE_API_KEY's, as chaostoolkit-pixie does, and the caller's session's.
    /// </summary>
    public static Redactor For(ExperimentSettings settings, Pixie.PixieSettings? session = null) =>
        new(settings.SecretValues.Concat(new[] { Pixie.PixieSettings.FromEnvironment().ApiKey, session?.ApiKey }.OfType<string>()));

    public string Redact(string text)
    {
        foreach (var secret in _known.Secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>
    /// The forms a secret takes on its way through URLs, forms, JSON text and headers: as given; percent-encoded with
    /// upper- and lower-case hex, spaces as %20 or '+', every reserved character escaped (a query value) or only those a
    /// URI cannot hold (a path, as HTTP clients send it); JSON-escaped as .NET and Python write it (\uXXXX, either
    /// case); and base64 (standard and URL-safe, padded or not) of its UTF-8 bytes, for secrets long enough that their
    /// base64 cannot be mistaken for ordinary text.
    /// </summary>
    public static IEnumerable<string> Encodings(string secret)
    {
        yield return secret;
        var percent = Uri.EscapeDataString(secret);
        foreach (var encoded in new[] { percent, percent.Replace("%20", "+", StringComparison.Ordinal), UriEscape(secret) })
        {
            yield return encoded;
            yield return LowerHex(encoded, '%', 2);
        }

        var json = System.Text.Encodings.Web.JavaScriptEncoder.Default.Encode(secret);
        yield return json;
        yield return LowerHex(json, 'u', 4);
        yield return System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(secret);
        yield return PythonJson(secret);
        if (secret.Length >= 6)
        {
            var base64 = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(secret));
            var url = base64.Replace('+', '-').Replace('/', '_');
            yield return base64;
            yield return base64.TrimEnd('=');
            yield return url.TrimEnd('=');
        }
    }

    // What a client escapes in a URL it is given: the bytes of characters a URI cannot hold, and '%' itself.
    private static string UriEscape(string text)
    {
        var escaped = new System.Text.StringBuilder();
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            escaped.Append(b < 0x80 && (char.IsAsciiLetterOrDigit(c) || "-._~!$&'()*+,;=:@/?#[]".Contains(c, StringComparison.Ordinal)) ? c.ToString() : $"%{b:X2}");
        }

        return escaped.ToString();
    }

    // Python's json.dumps (ensure_ascii): only quotes, backslashes, control and non-ASCII characters escaped, in lower-case hex.
    private static string PythonJson(string text)
    {
        var escaped = new System.Text.StringBuilder();
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' or > '~' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    // The same escapes with lower-case hex digits after each marker ('%' then 2 digits, or 'u' after a backslash then 4).
    private static string LowerHex(string text, char marker, int digits)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] == marker && (marker == '%' || (i > 0 && chars[i - 1] == '\\')))
            {
                for (var j = i + 1; j <= i + digits && j < chars.Length; j++)
                {
                    chars[j] = char.ToLowerInvariant(chars[j]);
                }
            }
        }

        return new string(chars);
    }

    /// <summary>A copy of the node with every string, keys included, redacted.</summary>
    public JsonNode? Redact(JsonNode? node)
    {
        var known = _known;
        if (known.Secrets.Length == 0 || node is null)
        {
            return node?.DeepClone();
        }

        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[UniqueKey(copy, Redact(key))] = Redact(value);
                }

                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(Redact).ToArray());
            case JsonValue value when value.TryGetValue(out string? s):
                return JsonValue.Create(Redact(s));
            case JsonValue value when known.MasksNumbers && value.GetValueKind() == JsonValueKind.Number && known.Values.Contains(PythonText.Str(value)):
                return JsonValue.Create(Mask);
            default:
                return node.DeepClone();
        }
    }

    // Two keys that differ only by their secrets are both kept: "***", then "*** (2)".
    private static string UniqueKey(JsonObject obj, string key)
    {
        var unique = key;
        for (var n = 2; obj.ContainsKey(unique); n++)
        {
            unique = $"{key} ({n})";
        }

        return unique;
    }

    private sealed class Known
    {
        public Known(IEnumerable<string> secrets)
        {
            Values = secrets.Where(s => !string.IsNullOrEmpty(s)).ToHashSet(StringComparer.Ordinal);
            Secrets = Values.SelectMany(Encodings).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();
            MasksNumbers = Values.Any(value => value.All(c => char.IsAsciiDigit(c) || "+-.eEinfa".Contains(c)));
        }

        /// <summary>The secrets as given, for numbers whose text is a secret.</summary>
        public HashSet<string> Values { get; }

        /// <summary>Every encoding of each, longest first, so that a secret containing another is masked whole.</summary>
        public string[] Secrets { get; }

        public bool MasksNumbers { get; }
    }
}
