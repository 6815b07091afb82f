using System.Management.Automation;
using System.Net;
using System.Security;
using ChaosPixie.Engine.Pixie;
using ChaosPixie.PowerShell.Pixie;

namespace ChaosPixie.PowerShell.Commands;

/// <summary>
/// The connection parameters every Pixie cmdlet takes, and how they are resolved: a parameter wins over the
/// Connect-Pixie session, which wins over PIXIE_API_KEY, PIXIE_CLUSTER_ID and PIXIE_SERVER_URL.
/// </summary>
public abstract class PixieCmdlet : CancellableCmdlet
{
    /// <summary>Pixie's API: 'host:port' (TLS), 'https://host:port', or 'http://host:port' (plaintext HTTP/2).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ServerUrl { get; set; }

    /// <summary>The Pixie API key; as a SecureString so that it never shows in history or transcripts.</summary>
    [Parameter]
    public SecureString? ApiKey { get; set; }

    /// <summary>A PEM file of the certificate authority that signed a self-hosted Pixie cloud's certificate.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CertificateAuthorityPath { get; set; }

    /// <summary>Turns TLS certificate verification off: only for a test cloud you trust.</summary>
    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>The deadline of each call to Pixie, in seconds; 0 waits without limit. Each cmdlet has a default.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? TimeoutSec { get; set; }

    /// <summary>The deadline when -TimeoutSec is not given: a scheduled check must never wait for ever.</summary>
    protected abstract TimeSpan DefaultTimeout { get; }

    /// <summary>The deadline of each call; null for none (-TimeoutSec 0).</summary>
    protected TimeSpan? Timeout => TimeoutSec switch
    {
        null => DefaultTimeout,
        0 => null,
        { } seconds => TimeSpan.FromSeconds(seconds),
    };

    /// <summary>The deadline in words, for the line that says what the cmdlet is waiting for.</summary>
    protected string TimeoutText => Timeout is { } t ? $"up to {t.TotalSeconds:0.###} s (-TimeoutSec)" : "without a time limit (-TimeoutSec 0)";

    /// <summary>The settings from this cmdlet's parameters, over the session's, over the environment's.</summary>
    protected PixieSettings ResolveSettings(string? clusterId) => new PixieSettings(
            ServerUrl,
            ApiKey is null ? null : new NetworkCredential(string.Empty, ApiKey).Password,
            clusterId,
            CertificateAuthorityPath is null ? null : GetUnresolvedProviderPathFromPSPath(CertificateAuthorityPath),
            SkipCertificateCheck.IsPresent ? true : null)
        .Over(PixieSession.Settings)
        .Over(PixieSettings.FromEnvironment());

    /// <summary>Stops the pipeline with the error record of a Pixie failure.</summary>
    protected void ThrowPixieError(PixieException e, object? target) => ThrowTerminatingError(PixieErrorRecords.From(e, target));
}
