namespace ChaosPixie.Engine.Reporting;

/// <summary>
/// What <see cref="RunReports.Write"/> did: why the JUnit file or the summary could not be written (null when it was, or
/// was not asked for), where the summary went, and the Azure Pipelines lines to write to the host.
/// </summary>
public sealed record RunReportsWritten(Exception? JUnitError, string? SummaryPath, Exception? SummaryError, IReadOnlyList<string> AzurePipelinesLines);
