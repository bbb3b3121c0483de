using System.CommandLine;

namespace Layers.SnapshotBuilder.Cli;

/// <summary>One way to refuse an option's value at parse time: bad usage (exit 2) with a sentence naming the option.</summary>
internal static class OptionRules
{
    public static Option<T> Require<T>(this Option<T> option, Func<T?, bool> valid, Func<T?, string> error)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<T>();
            if (!valid(value))
            {
                result.AddError(error(value));
            }
        });
        return option;
    }

    public static Option<int> InRange(this Option<int> option, int min, int max) =>
        option.Require(value => value >= min && value <= max, _ => $"{option.Name} must be between {min} and {max}");
}
