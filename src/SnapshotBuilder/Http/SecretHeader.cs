namespace Layers.SnapshotBuilder.Http;

/// <summary>
/// A request header that carries a secret (TikTok's <c>Access-Token</c>). Its value goes into the request and
/// nowhere else: <see cref="ToString"/> never shows it, and <see cref="Redact"/> scrubs it from any text an
/// upstream answer might echo it in before that text reaches a log, a report or an exception.
/// </summary>
public sealed class SecretHeader(string name, string value)
{
    public string Name { get; } = name;

    internal string Value { get; } = value;

    public string Redact(string text) => Value.Length == 0 ? text : text.Replace(Value, "[redacted]", StringComparison.Ordinal);

    public override string ToString() => $"{Name}: [redacted]";
}
