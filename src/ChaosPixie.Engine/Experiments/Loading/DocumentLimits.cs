namespace ChaosPixie.Engine.Experiments.Loading;

/// <summary>
/// The bounds every experiment (and variable file) is held to, so that no input can exhaust the stack, the memory or
/// the time of the process, and so that whatever validation accepts can always be written to the journal.
/// docs/about_ChaosPixie.md lists them for users.
/// </summary>
public static class DocumentLimits
{
    /// <summary>
    /// Nesting depth: the top-level mapping is depth 1, a list or mapping inside it depth 2, and so on. It bounds
    /// documents, YAML aliases as expanded, the results of `${}` substitution and jsonpath expressions, and with it every
    /// recursive walk of a document.
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// How far below the journal's top a document value can land: the experiment copy is one level down, a probe's
    /// run record in `steady_states.during` puts the activity three levels down, and a probe tolerance's `value`
    /// (an activity output, itself parsed within <see cref="MaxDepth"/>) sits nine levels down.
    /// </summary>
    public const int JournalHeadroom = 16;

    /// <summary>The journal writer's depth limit: deep enough for every document validation accepts, and its outputs.</summary>
    public const int JournalMaxDepth = MaxDepth + JournalHeadroom;

    /// <summary>Keys and values (scalars, lists and mappings) in a document, as written once its YAML aliases are expanded.</summary>
    public const long MaxNodes = 100_000;

    /// <summary>
    /// Characters of text: the size of the file read, of the keys and strings of the document once aliases are
    /// expanded, and of what `${}` substitution makes of one value.
    /// </summary>
    public const long MaxCharacters = 32L * 1024 * 1024;

    /// <summary>
    /// Characters of one number: Python refuses to convert an integer of more than 4,300 digits, and every
    /// longer number costs time in each conversion for no value any experiment needs.
    /// </summary>
    public const int MaxNumberLength = 4300;

    /// <summary>The size of a file read as an experiment or a variable file.</summary>
    public const long MaxFileBytes = MaxCharacters;
}
