namespace ChaosPixie.Engine.Pixie;

/// <summary>
/// The key algorithms (JOSE names) a call can ask Pixie to encrypt its rows with. The query broker hands the request's
/// JWK and names to jwx, which implements both. ECDH-ES (an ephemeral-static P-256 agreement per batch) costs well
/// under a millisecond to make and per batch; RSA-OAEP-256, what Pixie's Go and Python clients send, costs a prime
/// search per key (about a second) and an RSA-4096 private-key operation per batch (milliseconds).
/// </summary>
public static class PixieKeyAlgorithms
{
    public const string EcdhEs = "ECDH-ES";
    public const string RsaOaep256 = "RSA-OAEP-256";

    /// <summary>What a call asks for when nothing is set; a server that refuses it gets one RSA-OAEP-256 retry.</summary>
    public const string Default = EcdhEs;

    public static IReadOnlyList<string> All { get; } = [EcdhEs, RsaOaep256];
}
