using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ChaosPixie.Engine.Pixie.Encryption;

/// <summary>
/// A P-256 key pair for ECDH-ES in direct key agreement mode (RFC 7518 4.6): the JWK holds kty, crv, x and y. For
/// every batch the server makes an ephemeral P-256 key, sends its public half in the header's epk and encrypts with
/// the key both sides derive: Concat KDF (SHA-256) over the shared secret, as jwx computes it. No content key travels,
/// so the JWE's encrypted key part is empty. Making the pair and deriving a batch's key each cost well under a
/// millisecond.
/// </summary>
internal sealed class EcdhEsKey : JweKey
{
    public const string Name = PixieKeyAlgorithms.EcdhEs;
    private const int CoordinateBytes = 32;

    // RFC 7518 4.6.2, one SHA-256 block (keydatalen 256 bits): Hash(counter 1 || Z || OtherInfo).
    private static readonly byte[] FirstRound = [0, 0, 0, 1];

    private readonly ECParameters _parameters;
    private readonly KeyObjectPool<ECDiffieHellman> _privateKeys;

    /// <summary>A key pair from its private parameters (a P-256 curve, Q and D).</summary>
    internal EcdhEsKey(ECParameters parameters)
        : base(Name, PublicJwk(parameters))
    {
        _parameters = parameters;
        _privateKeys = new KeyObjectPool<ECDiffieHellman>(() => ECDiffieHellman.Create(_parameters));
    }

    public static EcdhEsKey Create()
    {
        using var ecdh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return new EcdhEsKey(ecdh.ExportParameters(includePrivateParameters: true));
    }

    public override byte[] ContentKey(JweHeader header, byte[] encryptedKey)
    {
        if (encryptedKey.Length != 0)
        {
            throw new JweException("ECDH-ES agrees on its content key, yet the JWE carries an encrypted key");
        }

        using var ephemeral = Ephemeral(header);
        var otherInfo = OtherInfo(header);
        try
        {
            return _privateKeys.Use(key => key.DeriveKeyFromHash(ephemeral.PublicKey, HashAlgorithmName.SHA256, FirstRound, otherInfo));
        }
        catch (CryptographicException)
        {
            throw new JweException("its ephemeral key (epk) does not agree with this call's key");
        }
    }

    public override void Dispose()
    {
        _privateKeys.Dispose();
        CryptographicOperations.ZeroMemory(_parameters.D);
    }

    /// <summary>The sender's ephemeral public key from the header's epk: a P-256 point (OpenSSL checks it is on the curve).</summary>
    private static ECDiffieHellman Ephemeral(JweHeader header)
    {
        if (header.Epk is not { Kty: "EC", Crv: "P-256" } epk)
        {
            throw new JweException("its header has no P-256 ephemeral key (epk with kty EC, crv P-256)");
        }

        var x = Base64Url.Decode(Encoding.ASCII.GetBytes(epk.X ?? string.Empty));
        var y = Base64Url.Decode(Encoding.ASCII.GetBytes(epk.Y ?? string.Empty));
        if (x is not { Length: > 0 and <= CoordinateBytes } || y is not { Length: > 0 and <= CoordinateBytes })
        {
            throw new JweException("its ephemeral key's coordinates (epk x and y) are not 32-byte base64url values");
        }

        try
        {
            return ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = LeftPad(x), Y = LeftPad(y) } });
        }
        catch (CryptographicException)
        {
            throw new JweException("its ephemeral key (epk) is not a point of P-256");
        }
    }

    // jwx writes full-length coordinates; a writer that drops leading zeros is read the same.
    private static byte[] LeftPad(byte[] coordinate)
    {
        if (coordinate.Length == CoordinateBytes)
        {
            return coordinate;
        }

        var padded = new byte[CoordinateBytes];
        coordinate.CopyTo(padded, CoordinateBytes - coordinate.Length);
        return padded;
    }

    /// <summary>
    /// RFC 7518 4.6.2's OtherInfo: AlgorithmID (the enc name, in direct mode), PartyUInfo (apu), PartyVInfo (apv),
    /// each a 32-bit big-endian length then the bytes, and SuppPubInfo, the key length in bits (256).
    /// </summary>
    private static byte[] OtherInfo(JweHeader header)
    {
        var algorithm = Encoding.ASCII.GetBytes(header.Enc ?? string.Empty);
        var partyU = Party(header.Apu, "apu");
        var partyV = Party(header.Apv, "apv");
        var info = new byte[4 + algorithm.Length + 4 + partyU.Length + 4 + partyV.Length + 4];
        var at = Field(info, 0, algorithm);
        at = Field(info, at, partyU);
        at = Field(info, at, partyV);
        BinaryPrimitives.WriteInt32BigEndian(info.AsSpan(at), ContentKeyBytes * 8);
        return info;
    }

    private static byte[] Party(string? value, string name) =>
        value is null ? [] : Base64Url.Decode(Encoding.ASCII.GetBytes(value)) ?? throw new JweException($"its header's {name} is not base64url");

    private static int Field(byte[] info, int at, byte[] value)
    {
        BinaryPrimitives.WriteInt32BigEndian(info.AsSpan(at), value.Length);
        value.CopyTo(info, at + 4);
        return at + 4 + value.Length;
    }

    // RFC 7518 6.2.1: the coordinates as big-endian unsigned values of the curve's length.
    private static string PublicJwk(ECParameters parameters) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["kty"] = "EC",
        ["crv"] = "P-256",
        ["x"] = Base64Url.Encode(parameters.Q.X),
        ["y"] = Base64Url.Encode(parameters.Q.Y),
    });
}
