using System.Text.Json;

namespace ChaosPixie.Engine.Pixie.Encryption;

/// <summary>
/// The members of a JWE's protected header that decide how it opens: alg, enc and zip, and for ECDH-ES the sender's
/// ephemeral public key (epk) and the optional agreement inputs apu and apv. Other members are ignored.
/// </summary>
internal sealed record JweHeader(string? Alg, string? Enc, string? Zip, JweHeader.EphemeralKey? Epk, string? Apu, string? Apv)
{
    /// <summary>The header's JSON (base64url decoded); a header that is not a JSON object is a <see cref="JweException"/>.</summary>
    public static JweHeader Parse(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return new JweHeader(Text(root, "alg"), Text(root, "enc"), Text(root, "zip"), Key(root), Text(root, "apu"), Text(root, "apv"));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new JweException("its protected header is not a JSON object");
        }
    }

    private static EphemeralKey? Key(JsonElement root) =>
        root.TryGetProperty("epk", out var epk) && epk.ValueKind == JsonValueKind.Object
            ? new EphemeralKey(Text(epk, "kty"), Text(epk, "crv"), Text(epk, "x"), Text(epk, "y"))
            : null;

    // A member that is not a string is kept as its JSON text, so that a check against a name refuses it by its value.
    private static string? Text(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null : value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();

    /// <summary>An EC public JWK's members.</summary>
    internal sealed record EphemeralKey(string? Kty, string? Crv, string? X, string? Y);
}
