using System.Security.Cryptography;
using System.Text.Json;
using ChaosPixie.Engine.Pixie.Wire;

namespace ChaosPixie.Engine.Pixie.Encryption;

/// <summary>
/// The RSA-4096 key pair of one call, as Pixie's Go client makes it: the public half goes to the server as a JWK in
/// the request's encryption_options (RSA-OAEP-256, A256GCM, DEF), the private half never leaves this object. Each
/// call gets a pair no other call has used. Making one takes about a second (a prime search), so the pair for the
/// next call is made in the background once a pair is taken: calls that do not follow each other at once never wait.
/// </summary>
internal sealed class PixieKeyPair : IDisposable
{
    public const string KeyAlgorithm = "RSA-OAEP-256";
    public const string ContentAlgorithm = "A256GCM";
    public const string CompressionAlgorithm = "DEF";
    private const int KeySize = 4096;
    private static readonly object NextLock = new();
    private static Task<RSAParameters>? _next;

    private RSAParameters _parameters;

    private PixieKeyPair(RSAParameters parameters)
    {
        _parameters = parameters;
        var jwk = new Dictionary<string, string>
        {
            ["kty"] = "RSA",
            ["n"] = Base64Url.Encode(parameters.Modulus),
            ["e"] = Base64Url.Encode(parameters.Exponent),
        };
        Options = new ExecuteScriptRequest.Types.EncryptionOptions
        {
            JwkKey = JsonSerializer.Serialize(jwk),
            KeyAlg = KeyAlgorithm,
            ContentAlg = ContentAlgorithm,
            CompressionAlg = CompressionAlgorithm,
        };
    }

    /// <summary>What the request carries: the public key and the algorithms; the same on every resume of the call.</summary>
    public ExecuteScriptRequest.Types.EncryptionOptions Options { get; }

    /// <summary>A fresh pair, and the next one started in the background.</summary>
    public static PixieKeyPair Take(CancellationToken cancellation)
    {
        Task<RSAParameters> mine;
        lock (NextLock)
        {
            mine = _next ?? Task.Run(Generate, CancellationToken.None);
            _next = Task.Run(Generate, CancellationToken.None);
        }

        mine.Wait(cancellation);
        return new PixieKeyPair(mine.Result);
    }

    /// <summary>An RSA object holding the private key: one per thread that decrypts, as RSA instances are not thread-safe.</summary>
    public RSA CreatePrivateKey()
    {
        var rsa = RSA.Create();
        rsa.ImportParameters(_parameters);
        return rsa;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_parameters.D);
        CryptographicOperations.ZeroMemory(_parameters.P);
        CryptographicOperations.ZeroMemory(_parameters.Q);
        CryptographicOperations.ZeroMemory(_parameters.DP);
        CryptographicOperations.ZeroMemory(_parameters.DQ);
        CryptographicOperations.ZeroMemory(_parameters.InverseQ);
        _parameters = default;
    }

    private static RSAParameters Generate()
    {
        using var rsa = RSA.Create(KeySize);
        return rsa.ExportParameters(includePrivateParameters: true);
    }
}
