namespace ChaosPixie;

/// <summary>
/// What Connect-Pixie kept as the session's defaults (with -PassThru). Its cluster properties are named as
/// Get-PixieCluster's (Id, Name, Status); the API key is kept but never shown.
/// </summary>
public sealed record PixieConnection(string Server, Guid? Id, string? Name, string? Status);
