namespace ChaosPixie.Engine.Pixie.Encryption;

/// <summary>Why a JWE was refused; the caller says which batch.</summary>
internal sealed class JweException(string reason) : Exception(reason);
