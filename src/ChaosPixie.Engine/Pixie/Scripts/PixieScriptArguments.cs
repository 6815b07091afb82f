using System.Globalization;

namespace ChaosPixie.Engine.Pixie.Scripts;

/// <summary>
/// Checks a script's arguments against its vis.json variables before anything is sent, stricter than px run
/// (which leaves types to the planner): an unknown name, a required variable without a value, a value outside
/// validValues, a number or boolean that does not parse. Every error lists the script's variables.
/// </summary>
public static class PixieScriptArguments
{
    // The spellings Pixie's planner accepts for a bool (absl's SimpleAtob), any case.
    private static readonly string[] TrueTexts = ["true", "t", "yes", "y", "1"];
    private static readonly string[] FalseTexts = ["false", "f", "no", "n", "0"];

    /// <summary>Each variable's value as the text px run would send, in the variables' order; defaults applied.</summary>
    public static IReadOnlyDictionary<string, string> Resolve(PixieScript script, IReadOnlyDictionary<string, object?> arguments)
    {
        var variables = script.Variables;
        if (arguments.Count > 0 && variables.Count == 0)
        {
            throw Error(script, script.Vis is null
                ? $"The script '{script.Name}' has no vis.json, so it takes no arguments (-Argument {string.Join(", ", arguments.Keys)})."
                : $"The script '{script.Name}' declares no variables, so it takes no arguments (-Argument {string.Join(", ", arguments.Keys)}).");
        }

        var given = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in arguments)
        {
            // PowerShell's hashtables ignore case, so a name that differs only in case means that variable.
            var variable = variables.FirstOrDefault(v => v.Name == name) ?? variables.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
            if (variable is null)
            {
                throw Error(script, $"The script '{script.Name}' has no variable '{name}'.", name);
            }

            given[variable.Name] = value;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in variables)
        {
            if (!given.TryGetValue(variable.Name, out var value) || value is null)
            {
                values[variable.Name] = variable.DefaultValue ?? throw Error(script, $"The script '{script.Name}' needs a value for '{variable.Name}', which has no default.", variable.Name);
                continue;
            }

            var text = Text(script, variable, value);
            if (variable.ValidValues.Count > 0 && !variable.ValidValues.Contains(text, StringComparer.Ordinal))
            {
                throw Error(script, $"'{text}' is not a valid value of '{variable.Name}' for the script '{script.Name}': it must be one of {string.Join(", ", variable.ValidValues.Select(v => $"'{v}'"))}.", variable.Name);
            }

            values[variable.Name] = text;
        }

        return values;
    }

    /// <summary>The script's variables in one line each, for error messages and help.</summary>
    public static string Describe(PixieScript script) =>
        script.Variables.Count == 0 ? "It has no variables." : "Its variables: " + string.Join("; ", script.Variables.Select(v => v.ToString())) + ".";

    // The value as invariant text, checked against the variable's type.
    private static string Text(PixieScript script, PixieScriptVariable variable, object value)
    {
        string? text = variable.Type switch
        {
            "PX_INT64" => value switch
            {
                long or int or short or byte or sbyte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                string s when long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number.ToString(CultureInfo.InvariantCulture),
                _ => null,
            },
            "PX_FLOAT64" => value switch
            {
                double or float or decimal or long or int or short or byte => Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
                string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number.ToString("R", CultureInfo.InvariantCulture),
                _ => null,
            },
            "PX_BOOLEAN" => value switch
            {
                bool flag => flag ? "true" : "false",
                string s when TrueTexts.Contains(s.Trim(), StringComparer.OrdinalIgnoreCase) => "true",
                string s when FalseTexts.Contains(s.Trim(), StringComparer.OrdinalIgnoreCase) => "false",
                _ => null,
            },

            // Strings, Pixie's entity types and lists (whose encoding Pixie leaves open): text as given.
            _ => value switch
            {
                string s => s,
                IFormattable number when value is not bool => number.ToString(null, CultureInfo.InvariantCulture),
                _ => null,
            },
        };

        return text ?? throw Error(
            script,
            $"The value of '{variable.Name}' for the script '{script.Name}' must be {Expected(variable.Type)}, not {(value is string given ? $"'{given}'" : $"a {value.GetType().Name} ({Convert.ToString(value, CultureInfo.InvariantCulture)})")}.",
            variable.Name);
    }

    private static string Expected(string type) => type switch
    {
        "PX_INT64" => "a whole number (PX_INT64)",
        "PX_FLOAT64" => "a number (PX_FLOAT64)",
        "PX_BOOLEAN" => "true or false (PX_BOOLEAN)",
        _ => $"text ({type})",
    };

    private static PixieScriptException Error(PixieScript script, string message, string? argument = null) =>
        new(PixieScriptErrorKind.ArgumentInvalid, $"{message} {Describe(script)}", $"Pass -Argument @{{ name = value }} with the script's variables; {(script.IsBundled ? $"Get-PixieScript {script.Name}" : $"Get-PixieScriptFile {script.Source}")} lists them.")
        {
            Target = argument ?? script.Name,
        };
}
