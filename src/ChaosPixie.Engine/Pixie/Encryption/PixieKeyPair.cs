using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using ChaosPixie.Engine.Pixie.Wire;

namespace ChaosPixie.Engine.Pixie.Encryption;

/// <summary>
/// The RSA-4096 key pair of one call, as Pixie's Go client makes it: the public half goes to the server as a JWK in
/// the request's encryption_options (RSA-OAEP-256, A256GCM, DEF), the private half never leaves this object. One pair
/// serves every cluster and every resume of the call, and no other call. Making one takes about a second (a prime
/// search), so it is made on a worker thread while the channel dials. The private key is parsed once: each thread
/// that decrypts rents an RSA object imported from it (RSA instances are not thread-safe) and gives it back.
/// </summary>
internal sealed class PixieKeyPair : IDisposable
{
    public const string KeyAlgorithm = "RSA-OAEP-256";
    public const string ContentAlgorithm = "A256GCM";
    public const string CompressionAlgorithm = "DEF";
    private const int KeySize = 4096;

    private readonly ConcurrentBag<RSA> _privateKeys = [];
    private readonly RSAParameters _parameters;
    private int _disposed;

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

    /// <summary>Starts making a fresh pair on a worker thread.</summary>
    public static Task<PixieKeyPair> StartNew() => Task.Run(() => new PixieKeyPair(Generate()), CancellationToken.None);

    /// <summary>The pair being made; when the caller gives up first, the pair is wiped once it is made.</summary>
    public static PixieKeyPair Wait(Task<PixieKeyPair> pending, CancellationToken cancellation)
    {
        try
        {
            pending.Wait(cancellation);
        }
        catch (OperationCanceledException)
        {
            _ = pending.ContinueWith(made => made.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }

        return pending.Result;
    }

    /// <summary>An RSA object holding the private key, for this thread alone until it is given back with <see cref="Return"/>.</summary>
    public RSA RentPrivateKey()
    {
        if (_privateKeys.TryTake(out var rsa))
        {
            return rsa;
        }

        rsa = RSA.Create();
        rsa.ImportParameters(_parameters);
        return rsa;
    }

    public void Return(RSA privateKey)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            privateKey.Dispose();
            return;
        }

        _privateKeys.Add(privateKey);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        while (_privateKeys.TryTake(out var rsa))
        {
            rsa.Dispose();
        }

        CryptographicOperations.ZeroMemory(_parameters.D);
        CryptographicOperations.ZeroMemory(_parameters.P);
        CryptographicOperations.ZeroMemory(_parameters.Q);
        CryptographicOperations.ZeroMemory(_parameters.DP);
        CryptographicOperations.ZeroMemory(_parameters.DQ);
        CryptographicOperations.ZeroMemory(_parameters.InverseQ);
    }

    private static RSAParameters Generate()
    {
        using var rsa = RSA.Create(KeySize);
        return rsa.ExportParameters(includePrivateParameters: true);
    }
}
