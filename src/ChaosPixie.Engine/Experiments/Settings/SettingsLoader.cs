using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosPixie.Engine.Experiments.Loading;

namespace ChaosPixie.Engine.Experiments.Settings;

/// <summary>
/// Resolves an experiment's `configuration` and `secrets` as chaostoolkit-lib's `load_configuration` and
/// `load_secrets` do, with the overrides of `--var`/`--var-file` applied to declared keys only (undeclared ones
/// are ignored, as upstream does, and reported as warnings). Dynamic (`probe`) configuration values are left as
/// they are: <see cref="DynamicConfiguration"/> runs them once providers can.
/// </summary>
public static class SettingsLoader
{
    public static ExperimentSettings Load(JsonObject experiment, VariableOverrides overrides)
    {
        var errors = new List<ExperimentException>();
        var settings = Resolve(experiment, overrides, errors);
        return errors.Count > 0 ? throw errors[0] : settings;
    }

    /// <summary>Resolves everything it can, adding every problem to <paramref name="errors"/> in upstream's order.</summary>
    internal static ExperimentSettings Resolve(JsonObject experiment, VariableOverrides overrides, List<ExperimentException> errors)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(overrides);
        var warnings = new List<string>();
        var configuration = LoadConfiguration(Section(experiment, "configuration", errors), overrides.Configuration, warnings, errors);
        var secretsPath = DocumentPath.Child(DocumentPath.Root, "secrets");
        var declaredSecrets = Section(experiment, "secrets", errors);
        foreach (var (scope, _) in overrides.Secrets)
        {
            if (declaredSecrets[scope] is not JsonObject)
            {
                warnings.Add($"The secrets override of scope '{ValueExcerpt.Of(scope)}' is ignored: the experiment declares no secret scope '{ValueExcerpt.Of(scope)}' (chaos run ignores it too).");
            }
        }

        var secrets = LoadSecrets(declaredSecrets, overrides.Secrets, secretsPath, errors);
        return new ExperimentSettings(configuration, secrets, warnings);
    }

    private static JsonObject Section(JsonObject experiment, string name, List<ExperimentException> errors)
    {
        var section = experiment[name];
        if (section is null or JsonObject)
        {
            return section as JsonObject ?? [];
        }

        errors.Add(new ExperimentException(ExperimentErrorKind.InvalidExperiment, $"experiment {ValueExcerpt.Of(name)} must be a mapping, not a {ExperimentLoader.Describe(section)}", DocumentPath.Child(DocumentPath.Root, name)));
        return [];
    }

    private static JsonObject LoadConfiguration(JsonObject declared, JsonObject overrides, List<string> warnings, List<ExperimentException> errors)
    {
        foreach (var (key, _) in overrides)
        {
            if (!declared.ContainsKey(key))
            {
                warnings.Add($"The variable '{ValueExcerpt.Of(key)}' is ignored: the experiment's configuration does not declare it (chaos run ignores it too). Declare it under `configuration` to override it.");
            }
        }

        var configuration = new JsonObject();
        foreach (var (key, declaredValue) in declared)
        {
            var path = DocumentPath.Child(DocumentPath.Child(DocumentPath.Root, "configuration"), key);

            // An override replaces the whole definition, which may itself be an env definition.
            var value = overrides.TryGetPropertyValue(key, out var overridden) ? overridden : declaredValue;
            if (value is JsonObject definition && definition.ContainsKey("type") && TypeOf(definition) == "env")
            {
                if (TryReadEnvironment(definition, path, isSecret: false, errors, out var raw))
                {
                    try
                    {
                        configuration[key] = VariableType.Convert(EnvVarType(definition, path, errors), raw);
                    }
                    catch (FormatException e)
                    {
                        errors.Add(new ExperimentException(ExperimentErrorKind.InvalidExperiment, $"configuration '{ValueExcerpt.Of(key)}' cannot be converted: {e.Message}", DocumentPath.Child(path, "env_var_type"), e));
                    }
                }
            }
            else
            {
                configuration[key] = value?.DeepClone();
            }
        }

        return configuration;
    }

    private static string? EnvVarType(JsonObject definition, string path, List<ExperimentException> errors)
    {
        var type = definition["env_var_type"];
        if (type is null)
        {
            return null;
        }

        if (type is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>();
        }

        errors.Add(new ExperimentException(ExperimentErrorKind.InvalidExperiment, VariableType.UnknownTypeMessage, DocumentPath.Child(path, "env_var_type")));
        return "str";
    }

    // The recursion of upstream's load_secrets: an override replaces a scope (or nested mapping) whole.
    private static JsonObject LoadSecrets(JsonObject declared, JsonObject? overrides, string path, List<ExperimentException> errors)
    {
        var secrets = new JsonObject();
        foreach (var (key, value) in declared)
        {
            var keyPath = DocumentPath.Child(path, key);
            if (value is not JsonObject definition)
            {
                secrets[key] = value?.DeepClone();
            }
            else if (overrides?[key] is { } replacement)
            {
                secrets[key] = replacement.DeepClone();
            }
            else if (TypeOf(definition) == "env")
            {
                if (TryReadEnvironment(definition, keyPath, isSecret: true, errors, out var raw))
                {
                    secrets[key] = raw;
                }
            }
            else if (TypeOf(definition) == "vault")
            {
                errors.Add(new ExperimentException(ExperimentErrorKind.InvalidExperiment, "Vault secrets are not supported by ChaosPixie yet: read the value from an environment variable ({\"type\": \"env\", \"key\": \"NAME\"}) instead.", keyPath));
            }
            else
            {
                secrets[key] = LoadSecrets(definition, overrides?[key] as JsonObject, keyPath, errors);
            }
        }

        return secrets;
    }

    // An env definition: the variable if set (even empty), else `default` for configuration, else upstream's error.
    private static bool TryReadEnvironment(JsonObject definition, string path, bool isSecret, List<ExperimentException> errors, out JsonNode? value)
    {
        value = null;
        if (definition["key"] is not JsonValue k || k.GetValueKind() != JsonValueKind.String || k.GetValue<string>().Length == 0)
        {
            errors.Add(new ExperimentException(ExperimentErrorKind.InvalidExperiment, $"{(isSecret ? "a secret" : "a configuration value")} of type env must name its environment variable in `key`", DocumentPath.Child(path, "key")));
            return false;
        }

        var name = k.GetValue<string>();
        var environment = Environment.GetEnvironmentVariable(name);
        if (environment is not null)
        {
            value = JsonValue.Create(environment);
            return true;
        }

        if (!isSecret && definition.TryGetPropertyValue("default", out var fallback))
        {
            value = fallback?.DeepClone();
            return true;
        }

        errors.Add(new ExperimentException(
            ExperimentErrorKind.InvalidExperiment,
            isSecret
                ? $"Secrets make reference to an environment key that does not exist: {ValueExcerpt.Of(name)}"
                : $"Configuration makes reference to an environment key that does not exist: {ValueExcerpt.Of(name)}",
            path)
        { IsUpstream = true });
        return false;
    }

    private static string? TypeOf(JsonObject definition) =>
        definition["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
}
