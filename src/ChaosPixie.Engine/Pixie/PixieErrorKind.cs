namespace ChaosPixie.Engine.Pixie;

/// <summary>What went wrong talking to Pixie; the cmdlets map each kind to an error id and category.</summary>
public enum PixieErrorKind
{
    /// <summary>The API key was refused (Pixie says INTERNAL "Auth middleware failed", or UNAUTHENTICATED).</summary>
    Authentication,
    PermissionDenied,
    NotFound,
    /// <summary>The request was malformed, e.g. a cluster id that is not a UUID.</summary>
    InvalidArgument,
    /// <summary>The PxL script did not compile; see <see cref="PixieException.CompilerErrors"/>.</summary>
    Compilation,
    /// <summary>The script compiled but failed while running on the cluster.</summary>
    Execution,
    /// <summary>-TimeoutSec (the gRPC deadline) passed.</summary>
    Timeout,
    /// <summary>The server or cluster could not be reached or is not healthy.</summary>
    Unavailable,
    /// <summary>The TLS handshake failed: an untrusted or mismatched certificate.</summary>
    Tls,
    /// <summary>The server or a proxy reset the stream (RST_STREAM) or closed the connection (GOAWAY) before the end.</summary>
    ConnectionReset,
    ResourceExhausted,
    /// <summary>The server broke the protocol: a stream cut before a table's end, a batch for an unknown table.</summary>
    Protocol,
    /// <summary>An end-to-end encrypted result could not be used: a batch that does not decrypt, or a plaintext batch.</summary>
    Encryption,
    /// <summary>Missing or invalid settings: no API key, no cluster id, a bad server URL.</summary>
    Configuration,
    /// <summary>The -CertificateAuthorityPath file does not exist (<see cref="PixieException.Target"/> is the path).</summary>
    CertificateAuthorityNotFound,
    /// <summary>The -CertificateAuthorityPath file cannot be read or holds no PEM certificate.</summary>
    CertificateAuthorityInvalid,
    Unknown,
}
