using System.Security.Cryptography;
using System.Text.Json;

namespace ChaosPixie.Engine.Pixie.Encryption;

/// <summary>
/// An RSA-4096 key pair for RSA-OAEP-256, as Pixie's Go client makes it: the JWK holds kty, n and e; each JWE carries
/// its content key wrapped with RSA-OAEP (SHA-256, MGF1 SHA-256). Making one is a prime search (0.5 to 3 s of CPU),
/// and every batch costs one private-key operation (milliseconds). The private key is parsed once per decrypting
/// thread (<see cref="KeyObjectPool{T}"/>).
/// </summary>
internal sealed class RsaOaepKey : JweKey
{
    public const string Name = PixieKeyAlgorithms.RsaOaep256;
    private const int KeySize = 4096;

    private readonly RSAParameters _parameters;
    private readonly KeyObjectPool<RSA> _privateKeys;

    /// <summary>A key pair from its private parameters.</summary>
    internal RsaOaepKey(RSAParameters parameters)
        : base(Name, PublicJwk(parameters))
    {
        _parameters = parameters;
        _privateKeys = new KeyObjectPool<RSA>(() =>
        {
            var rsa = RSA.Create();
            rsa.ImportParameters(_parameters);
            return rsa;
        });
    }

    public static RsaOaepKey Create()
    {
        using var rsa = RSA.Create(KeySize);
        return new RsaOaepKey(rsa.ExportParameters(includePrivateParameters: true));
    }

    public override byte[] ContentKey(JweHeader header, byte[] encryptedKey)
    {
        try
        {
            return _privateKeys.Use(rsa => rsa.Decrypt(encryptedKey, RSAEncryptionPadding.OaepSHA256));
        }
        catch (CryptographicException)
        {
            throw new JweException("its content key was not encrypted for this call's public key");
        }
    }

    public override void Dispose()
    {
        _privateKeys.Dispose();
        CryptographicOperations.ZeroMemory(_parameters.D);
        CryptographicOperations.ZeroMemory(_parameters.P);
        CryptographicOperations.ZeroMemory(_parameters.Q);
        CryptographicOperations.ZeroMemory(_parameters.DP);
        CryptographicOperations.ZeroMemory(_parameters.DQ);
        CryptographicOperations.ZeroMemory(_parameters.InverseQ);
    }

    // RFC 7518 6.3.1: big-endian unsigned modulus and exponent; the usual exponent reads AQAB.
    private static string PublicJwk(RSAParameters parameters) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["kty"] = "RSA",
        ["n"] = Base64Url.Encode(parameters.Modulus),
        ["e"] = Base64Url.Encode(parameters.Exponent),
    });
}
